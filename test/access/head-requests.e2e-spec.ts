import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import { healthCheckProvider, started } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';

onEachAdapter('HEAD requests and the authorizer', (adapter) => {
  it('a HEAD asks the authorizer only where its verdict changes the status, not where it changes only the body', async (t) => {
    const asked: string[] = [];
    const authorizer = (request: unknown) => {
      const { method, url } = request as { method: string; url: string };
      asked.push(`${method} ${url}`);
      return (request as { headers: Record<string, unknown> }).headers['x-token'] === 'open-sesame';
    };
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ authorizer, environment: { enabled: true } })],
      providers: [healthCheckProvider('db', () => true)],
    });
    const token = { 'x-token': 'open-sesame' };
    for (const path of ['/z/health', '/z/health/db', '/z/health/readiness', '/z/info']) {
      const head = await app.request(path, { method: 'HEAD', headers: token });
      assert.equal(head.status, 200, path);
      assert.equal(await head.text(), '');
    }
    assert.deepEqual(asked, [], 'no HEAD of a body-only difference asked the authorizer');

    const refused = await app.request('/z/environment', { method: 'HEAD' });
    const allowed = await app.request('/z/environment', { method: 'HEAD', headers: token });
    assert.deepEqual([refused.status, allowed.status], [403, 200], 'HEAD answers the status GET would');
    assert.equal(asked.length, 2);
    assert.equal((await app.request('/z/health', { headers: token })).status, 200);
    assert.equal(asked.length, 3, 'a GET still asks');
  });
});
