import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Logger } from '@nestjs/common';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { forgetNestLogLevels, RecordingConsoleLogger } from '../support/recording-console-logger.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';
const ALL = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

async function loggersApp(adapter: AdapterName, options: ManagementModuleOptions) {
  const logger = new RecordingConsoleLogger();
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot(options)] }, { logger });
  return { ...app, logger, close: () => app.close().finally(forgetNestLogLevels) };
}

const post = (body: unknown, headers: Record<string, string> = TOKEN, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

onEachAdapter('/loggers', (adapter) => {
  it('is off by default: GET and POST answer 404 saying how to turn it on', async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken });
    t.after(() => app.close());
    for (const init of [{ headers: TOKEN }, post({ configuredLevel: 'debug' })]) {
      const response = await app.request('/z/loggers', init);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { message: string }).message, "/loggers is off; enable it with the 'loggers.enabled' option.");
    }
  });

  it('GET lists the levels in effect to authorized requests only', async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken, loggers: { enabled: true } });
    t.after(() => app.close());
    assert.equal((await app.request('/z/loggers')).status, 403);
    const response = await app.request('/z/loggers', { headers: TOKEN });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), {
      levels: ['off', ...ALL],
      loggers: { ROOT: { configuredLevel: null, effectiveLevel: 'verbose', enabledLevels: ALL } },
    });
    assert.deepEqual(await (await app.request('/z/loggers/ROOT', { headers: TOKEN })).json(), { configuredLevel: null, effectiveLevel: 'verbose', enabledLevels: ALL });
    assert.equal((await app.request('/z/loggers/orders', { headers: TOKEN })).status, 404);
  });

  it("POST sets a level: Nest's loggers print it and everything more severe; null restores the start-up levels", async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken, loggers: { enabled: true } });
    t.after(() => app.close());
    const orders = new Logger('Orders');

    const changed = await app.request('/z/loggers', post({ configuredLevel: 'warn' }));
    assert.equal(changed.status, 200);
    assert.deepEqual(await changed.json(), { configuredLevel: 'warn', effectiveLevel: 'warn', enabledLevels: ['fatal', 'error', 'warn'] });
    orders.log('order 1 placed');
    orders.warn('order 2 is late');
    assert.ok(!app.logger.lines.includes('log order 1 placed'));
    assert.ok(app.logger.lines.includes('warn order 2 is late'));

    const restored = await app.request('/z/loggers', post({ configuredLevel: null }));
    assert.deepEqual(await restored.json(), { configuredLevel: null, effectiveLevel: 'verbose', enabledLevels: ALL });
    orders.debug('order 3 details');
    assert.ok(app.logger.lines.includes('debug order 3 details'));
  });

  it("POST takes Nest's list of levels, and Spring Boot Admin's form (POST /loggers/ROOT, Spring level names)", async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken, loggers: { enabled: true } });
    t.after(() => app.close());
    const listed = await app.request('/z/loggers', post({ enabledLevels: ['error', 'debug'] }));
    const configured = { configuredLevel: 'debug', effectiveLevel: 'debug', enabledLevels: ['fatal', 'error', 'debug'] };
    assert.deepEqual(await listed.json(), configured);
    // What was set stays set for a reader such as Spring Boot Admin, which shows null as "not configured".
    assert.deepEqual(((await (await app.request('/z/loggers', { headers: TOKEN })).json()) as { loggers: unknown }).loggers, { ROOT: configured });
    assert.deepEqual(await (await app.request('/z/loggers/ROOT', { headers: TOKEN })).json(), configured);
    const none = await app.request('/z/loggers', post({ enabledLevels: [] }));
    assert.deepEqual(await none.json(), { configuredLevel: 'off', effectiveLevel: 'off', enabledLevels: [] });
    const spring = await app.request('/z/loggers/ROOT', post({ configuredLevel: 'INFO' }));
    assert.equal(spring.status, 200);
    assert.deepEqual(await spring.json(), { configuredLevel: 'log', effectiveLevel: 'log', enabledLevels: ['fatal', 'error', 'warn', 'log'] });
    assert.equal((await app.request('/z/loggers/orders', post({ configuredLevel: 'debug' }))).status, 404);
  });

  it('POST refuses bad input with a 400 that names the problem, and changes nothing', async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken, loggers: { enabled: true } });
    t.after(() => app.close());
    const cases: [RequestInit, string][] = [
      [post({ configuredLevel: 'loud' }), "'configuredLevel' must be one of off, fatal, error, warn, log, debug, verbose (or Spring's info, trace) or null, got 'loud'."],
      [post({ enabledLevels: ['error', 'off'] }), "'enabledLevels' must be one of off, fatal, error, warn, log, debug, verbose (or Spring's info, trace), got 'off'."],
      [post({ enabledLevels: 'error' }), "'enabledLevels' must be an array of fatal, error, warn, log, debug, verbose (empty for none), got 'error'."],
      [post({ level: 'debug' }), "Unknown field 'level'; give 'configuredLevel' or 'enabledLevels'."],
      [post({ configuredLevel: 'debug', enabledLevels: [] }), "Give 'configuredLevel' or 'enabledLevels', not both."],
      [post([1, 2]), 'The body must be a JSON object such as {"configuredLevel":"debug"}, got an array.'],
      [{ method: 'POST', headers: TOKEN }, "Give 'configuredLevel' (a level, or null to restore the start-up levels) or 'enabledLevels' (a list)."],
    ];
    for (const [init, message] of cases) {
      const response = await app.request('/z/loggers', init);
      assert.equal(response.status, 400, message);
      assert.deepEqual(await response.json(), { statusCode: 400, error: 'Bad Request', message });
    }
    // A text/plain or form body needs no CORS preflight, so a browser would send it for another site.
    const plain = await app.request('/z/loggers', post('{"configuredLevel":"error"}', TOKEN, 'text/plain'));
    assert.equal(plain.status, 415);
    assert.equal(((await plain.json()) as { message: string }).message, 'This operation takes a JSON body (Content-Type: application/json) or none, got Content-Type: text/plain.');
    const malformedJson = await app.request('/z/loggers', post('{"configuredLevel":'));
    assert.equal(malformedJson.status, 400, "the framework's JSON parser refuses it first");
    assert.deepEqual(await (await app.request('/z/loggers/ROOT', { headers: TOKEN })).json(), { configuredLevel: null, effectiveLevel: 'verbose', enabledLevels: ALL });
  });

  it("showDetails 'always' lets anyone read the levels but nobody anonymous change them", async (t) => {
    const app = await loggersApp(adapter, { showDetails: 'always', loggers: { enabled: true } });
    t.after(() => app.close());
    assert.equal((await app.request('/z/loggers')).status, 200);
    const refused = await app.request('/z/loggers', post({ configuredLevel: 'error' }, {}));
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /'authorizer' must accept it/);
    assert.equal(((await (await app.request('/z/loggers/ROOT')).json()) as { effectiveLevel: string }).effectiveLevel, 'verbose');
  });

  it('with no authorizer, an address on access.allow may change levels', async (t) => {
    const app = await loggersApp(adapter, { access: { allow: ['loopback'] }, loggers: { enabled: true } });
    t.after(() => app.close());
    const changed = await app.request('/z/loggers', post({ configuredLevel: 'error' }, {}));
    assert.equal(changed.status, 200);
    assert.equal(((await changed.json()) as { effectiveLevel: string }).effectiveLevel, 'error');
  });

  it("a custom logger without setLogLevels() is shown, and a change is refused with 409 naming it", async (t) => {
    class PlainLogger {
      log() {}
      warn() {}
      error() {}
    }
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken, loggers: { enabled: true } })] }, { logger: new PlainLogger() });
    t.after(() => app.close());
    assert.equal((await app.request('/z/loggers', { headers: TOKEN })).status, 200);
    const refused = await app.request('/z/loggers', post({ configuredLevel: 'debug' }));
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { message: string }).message, /The application's logger \(PlainLogger\) has no setLogLevels\(\)/);
  });

  for (const worker of [true, false]) {
    it(`works on the management port (${worker ? 'forwarded by the probe worker' : 'main-thread server'}), body and all`, async (t) => {
      const app = await loggersApp(adapter, { port: 0, address: '127.0.0.1', probes: { worker }, authorizer: byToken, loggers: { enabled: true } });
      t.after(() => app.close());
      const url = app.app.get(ManagementServer).url;
      assert.equal((await fetch(`${url}/z/loggers`)).status, 403);
      const changed = await fetch(`${url}/z/loggers`, post({ configuredLevel: 'error' }));
      assert.equal(changed.status, 200);
      assert.deepEqual(await changed.json(), { configuredLevel: 'error', effectiveLevel: 'error', enabledLevels: ['fatal', 'error'] });
      const invalid = await fetch(`${url}/z/loggers`, post({ configuredLevel: 'loud' }));
      assert.equal(invalid.status, 400);
      assert.equal((await app.request('/z/loggers', { headers: TOKEN })).status, 404, 'not on the main port');
    });
  }

  it('POST refuses what a browser sends for another site, credentials or not (cross-site request forgery)', async (t) => {
    const app = await loggersApp(adapter, { authorizer: byToken, loggers: { enabled: true } });
    t.after(() => app.close());
    const forged: Record<string, string>[] = [{ Origin: 'https://attacker.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { Origin: 'null' }];
    for (const headers of forged) {
      const response = await app.request('/z/loggers', post({ configuredLevel: 'error' }, { ...TOKEN, ...headers }));
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.match(((await response.json()) as { message: string }).message, /^A request from another site/);
    }
    const host = new URL(app.baseUrl).host;
    const sameOrigin = await app.request('/z/loggers', post({ configuredLevel: 'error' }, { ...TOKEN, Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' }));
    assert.equal(sameOrigin.status, 200, 'the same origin (a page of the app itself) may');
  });
});
