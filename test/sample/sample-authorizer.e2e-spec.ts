import { it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { ManagementModule } from '../../src/index.js';
import { bearerTokenAuthorizer } from '../../sample/management/bearer-token.authorizer.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

function statusOf(base: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(new URL(path, base), { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

onEachAdapter("the sample's authorizer", (adapter) => {
  it('in demo mode a browser on this machine opens the dashboard; a rebound name or a forwarded client does not; the token always works', async (t) => {
    const demo = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: bearerTokenAuthorizer('secret', true), dashboard: { enabled: true } })] });
    t.after(() => demo.close());
    const port = new URL(demo.baseUrl).port;
    assert.equal(await statusOf(demo.baseUrl, '/z/dashboard', { host: `localhost:${port}` }), 200);
    assert.equal(await statusOf(demo.baseUrl, '/z/dashboard', { host: `127.0.0.1:${port}` }), 200);
    assert.equal(await statusOf(demo.baseUrl, '/z/dashboard', { host: `rebind.attacker.example:${port}` }), 403);
    assert.equal(await statusOf(demo.baseUrl, '/z/dashboard', { host: `localhost:${port}`, 'x-forwarded-for': '203.0.113.9' }), 403);
    assert.equal(await statusOf(demo.baseUrl, '/z/dashboard', { host: `rebind.attacker.example:${port}`, authorization: 'Bearer secret' }), 200);

    const configured = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: bearerTokenAuthorizer('secret'), dashboard: { enabled: true } })] });
    t.after(() => configured.close());
    assert.equal(await statusOf(configured.baseUrl, '/z/dashboard', { host: `localhost:${new URL(configured.baseUrl).port}` }), 403);
  });
});
