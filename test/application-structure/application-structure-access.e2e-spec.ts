import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementServer } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { onEachAdapter } from '../support/test-app.js';
import { structuredApp, TOKEN } from './structured-app.js';

const NAMES = ['mappings', 'beans', 'scheduledtasks', 'configprops', 'startup'] as const;
const ALL = Object.fromEntries(NAMES.map((name) => [name, true]));
/** Every request these endpoints answer: the five reads, and /startup's POST and OPTIONS. */
const REQUESTS: [path: string, method: string][] = [...NAMES.map((name): [string, string] => [name, 'GET']), ['startup', 'POST'], ['startup', 'OPTIONS']];

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

/** Asserts every request to `url` is refused without the token and across sites, and answered with the token. */
async function guarded(url: string): Promise<void> {
  for (const [path, method] of REQUESTS) {
    const anonymous = await fetch(`${url}/${path}`, { method });
    assert.equal(anonymous.status, 403, `${method} /${path} without the authorizer's yes`);
    assert.match(await message(anonymous), new RegExp(`^/${path} needs an authorized request`));
    const forged = await fetch(`${url}/${path}`, { method, headers: { ...TOKEN, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(forged.status, 403, `${method} /${path} from another site, credentials and all`);
    assert.equal((await fetch(`${url}/${path}`, { method, headers: TOKEN })).status, 200, `${method} /${path} with them`);
  }
}

onEachAdapter('what the application is made of: access', (adapter) => {
  it("on the application's port: 403 without the authorizer's yes, 403 cross-site, 200 with it; each request logged with the client's address", async (t) => {
    const { logger, messages } = capturingLogger();
    const app = await structuredApp(adapter, { diagnostics: ALL }, {}, { logger });
    t.after(() => app.close());
    await guarded(`${app.baseUrl}/api/z`);
    assert.ok(messages.includes('log GET /mappings requested by 127.0.0.1.'), messages.join('\n'));
    assert.ok(messages.includes('warn GET /beans by 127.0.0.1 refused (403).'), messages.join('\n'));
  });

  it('on the management port, forwarded by the probe worker: the same', async (t) => {
    const app = await structuredApp(adapter, { port: 0, address: '127.0.0.1', diagnostics: ALL });
    t.after(() => app.close());
    const server = app.app.get(ManagementServer);
    assert.equal(server.usesWorker, true);
    await guarded(`${server.url}/z`);
    assert.equal((await app.request('/api/z/mappings', { headers: TOKEN })).status, 404, 'not on the application port then');
  });

  it('404 naming the option while off, even with the token', async (t) => {
    const app = await structuredApp(adapter, { diagnostics: { heapdump: false } });
    t.after(() => app.close());
    for (const [path, method] of REQUESTS) {
      const response = await app.request(`/api/z/${path}`, { method, headers: TOKEN });
      assert.equal(response.status, 404, `${method} /${path}`);
      assert.equal(await message(response), `/${path} is off; enable it with the 'diagnostics.${path}' option.`);
    }
  });
});
