import { it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { forgetNestLogLevels, RecordingConsoleLogger } from '../support/recording-console-logger.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

interface Answer {
  status: number;
  message?: string;
}

/** A request with the `Host` given, which fetch() would replace with the address it connects to. */
function send(base: string, path: string, host: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: body === undefined ? 'GET' : 'POST', headers: { ...headers, host } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, message: (JSON.parse(text || '{}') as { message?: string }).message }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** What a page on a name rebound to 127.0.0.1 sends: its own name as Host, and the browser's same-origin headers. */
function rebound(base: string, path: string, body?: string): Promise<Answer> {
  const port = new URL(base).port;
  const origin = `http://rebind.attacker.example:${port}`;
  const headers = { origin, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', ...(body ? { 'content-type': 'application/json' } : {}) };
  return send(base, path, `rebind.attacker.example:${port}`, headers, body);
}

const ENDPOINTS = { loggers: { enabled: true }, dashboard: { enabled: true }, environment: { enabled: true } };
const LEVELS = JSON.stringify({ configuredLevel: 'error' });
const HOST_RULE = /Host 'rebind\.attacker\.example:\d+' is not a name this server answers to.*DNS rebinding.*access\.hosts/;

async function appWith(adapter: AdapterName, options: ManagementModuleOptions) {
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ ...ENDPOINTS, ...options })] }, { logger: new RecordingConsoleLogger() });
  const port = options.port === undefined ? undefined : app.app.get(ManagementServer).url;
  return { base: port ?? app.baseUrl, close: () => app.close().finally(forgetNestLogLevels) };
}

async function assertRebindingRefused(base: string): Promise<void> {
  for (const [path, body] of [['/z/loggers', LEVELS], ['/z/dashboard/state'], ['/z/environment'], ['/z/loggers']] as const) {
    const answer = await rebound(base, path, body);
    assert.equal(answer.status, 403, `${body ? 'POST' : 'GET'} ${path}`);
    assert.match(String(answer.message), HOST_RULE);
  }
}

async function assertLoopbackNamesAllowed(base: string): Promise<void> {
  const port = new URL(base).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `dashboard.localhost:${port}`]) {
    const sameOrigin = { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' };
    assert.equal((await send(base, '/z/environment', host, sameOrigin)).status, 200, `GET /z/environment with Host ${host}`);
    assert.equal((await send(base, '/z/dashboard/state', host, sameOrigin)).status, 200, `GET /z/dashboard/state with Host ${host}`);
    const changed = await send(base, '/z/loggers', host, { ...sameOrigin, 'content-type': 'application/json' }, LEVELS);
    assert.equal(changed.status, 200, `POST /z/loggers with Host ${host}`);
  }
}

onEachAdapter('DNS rebinding: where the address alone lets a request in, its Host must name this server', (adapter) => {
  it("refuses what a page on a rebound name sends, naming the rule; IP addresses and localhost names still get in", async (t) => {
    const app = await appWith(adapter, { access: { allow: ['loopback'] } });
    t.after(() => app.close());
    await assertRebindingRefused(app.base);
    await assertLoopbackNamesAllowed(app.base);
  });

  it("a name listed in 'access.hosts' (exactly, or a domain with a leading dot) gets in", async (t) => {
    const app = await appWith(adapter, { access: { allow: ['loopback'], hosts: ['app.internal', '.ops.example'] } });
    t.after(() => app.close());
    for (const host of ['app.internal', 'APP.internal.', 'ops.example', 'box-1.ops.example']) {
      assert.equal((await send(app.base, '/z/environment', host)).status, 200, `Host ${host}`);
    }
    for (const host of ['other.internal', 'app.internal.attacker.example', 'xops.example']) {
      assert.equal((await send(app.base, '/z/environment', host)).status, 403, `Host ${host}`);
    }
  });

  it("showDetails: 'always' behind an allow-list is the address alone too", async (t) => {
    const app = await appWith(adapter, { showDetails: 'always', access: { allow: ['loopback'] } });
    t.after(() => app.close());
    const answer = await rebound(app.base, '/z/environment');
    assert.equal(answer.status, 403);
    assert.match(String(answer.message), HOST_RULE);
  });

  it('an authorizer decides on its own: the Host plays no part', async (t) => {
    const byToken = (request: unknown) => (request as { headers: Record<string, unknown> }).headers['x-token'] === 'open-sesame';
    const app = await appWith(adapter, { authorizer: byToken, access: { allow: ['loopback'] } });
    t.after(() => app.close());
    const host = `rebind.attacker.example:${new URL(app.base).port}`;
    assert.equal((await send(app.base, '/z/environment', host, { 'x-token': 'open-sesame' })).status, 200);
    assert.equal((await send(app.base, '/z/loggers', host, { 'x-token': 'open-sesame', 'content-type': 'application/json' }, LEVELS)).status, 200);
    const refused = await send(app.base, '/z/environment', host);
    assert.equal(refused.status, 403);
    assert.doesNotMatch(String(refused.message), /Host/);
  });

  for (const port of [undefined, 'worker', 'main thread'] as const) {
    it(`readiness details by address alone stay off a rebound name (${port ? `management port, ${port}` : "application's port"})`, async (t) => {
      const options: ManagementModuleOptions = { access: { allow: ['loopback'] } };
      const app = await appWith(adapter, port ? { ...options, port: 0, address: '127.0.0.1', probes: { worker: port === 'worker' } } : options);
      t.after(() => app.close());
      const hostPort = new URL(app.base).port;
      const bodyWith = (host: string) =>
        new Promise<string>((resolve, reject) => {
          httpRequest(new URL('/z/health/readiness', app.base), { headers: { host } }, (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve(text));
          })
            .on('error', reject)
            .end();
        });
      assert.match(await bodyWith(`127.0.0.1:${hostPort}`), /"components"/);
      assert.equal(await bodyWith(`rebind.attacker.example:${hostPort}`), '{"status":"UP"}');
    });
  }

  for (const worker of [true, false]) {
    it(`on the management port served by ${worker ? 'the probe worker' : 'the main thread'} the same`, async (t) => {
      const app = await appWith(adapter, { port: 0, address: '127.0.0.1', probes: { worker }, access: { allow: ['loopback'] } });
      t.after(() => app.close());
      await assertRebindingRefused(app.base);
      await assertLoopbackNamesAllowed(app.base);
    });
  }
});
