import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';

const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';

async function environmentApp(adapter: 'express' | 'fastify', options: ManagementModuleOptions) {
  return startApp(adapter, { imports: [ManagementModule.forRoot(options)] });
}

onEachAdapter('GET /environment', (adapter) => {
  it('is off by default: 404 with a message saying how to turn it on', async (t) => {
    const app = await environmentApp(adapter, { showDetails: 'always' });
    t.after(() => app.close());
    const response = await app.request('/z/environment');
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(((await response.json()) as { message: string }).message, /environment\.enabled/);
  });

  it('when enabled, answers 403 to a request the authorizer refuses and 200 to one it accepts', async (t) => {
    const app = await environmentApp(adapter, { authorizer: byToken, environment: { enabled: true } });
    t.after(() => app.close());
    const refused = await app.request('/z/environment');
    assert.equal(refused.status, 403);
    assert.deepEqual(Object.keys((await refused.json()) as object).sort(), ['error', 'message', 'statusCode']);
    const accepted = await app.request('/z/environment', { headers: { 'x-token': 'open-sesame' } });
    assert.equal(accepted.status, 200);
    const body = (await accepted.json()) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(body), ['os', 'runtime', 'process', 'config']);
    assert.equal(body.runtime!.version, process.versions.node);
    assert.equal(body.process!.pid, process.pid);
    assert.equal(typeof (body.runtime!.dependencies as Record<string, string>), 'object');
  });

  it('built-in sections can be switched off; config and custom come from the options', async (t) => {
    const app = await environmentApp(adapter, {
      showDetails: 'always',
      environment: {
        enabled: true,
        sections: { os: false, process: false, runtime: false },
        config: { featureFlags: { checkout: true }, apiKey: 'planted' },
        custom: async () => ({ shard: 7 }),
      },
    });
    t.after(() => app.close());
    const body = (await (await app.request('/z/environment')).json()) as Record<string, unknown>;
    assert.deepEqual(body, { config: { featureFlags: { checkout: true }, apiKey: '******' }, custom: { shard: 7 } });
  });

  it('a bad environment option stops start-up naming the key', async () => {
    const error = await bootstrapError(adapter, {
      imports: [ManagementModule.forRoot({ environment: { enabled: true, sections: { disk: false } } as never })],
    });
    assert.match(String(error), /environment\.sections\.disk/);
  });
});
