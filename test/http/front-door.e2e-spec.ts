import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { clearTrace, database, MANAGEMENT_TOKEN, productionAuthorizer, startProductionApp, trace } from '../fixtures/production-app.js';
import type { ProductionApp } from '../fixtures/production-app.js';

const PROBES = ['/z/health/liveness', '/z/health/ping', '/z/health/readiness', '/z/health/startup', '/z/health', '/z/health/db'];

interface Bytes {
  status: number;
  type: string | null;
  cache: string | null;
  body: string;
}

async function bytesOf(url: string, init?: RequestInit): Promise<Bytes> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), body: await response.text() };
}

/** Health bodies without the instants and durations that differ between two apps. */
function untimed(bytes: Bytes): Bytes {
  return { ...bytes, body: bytes.body.replace(/"(checkedAt|durationMs|time|observedValue)":("[^"]*"|[0-9.]+)/g, '"$1":0') };
}

onEachAdapter('the front door in an application built from the Nest docs', (adapter) => {
  let production: ProductionApp;
  let bare: TestApp;
  const log = capturingLogger();

  before(async () => {
    production = await startProductionApp(adapter, { diagnostics: { mappings: true, report: true } }, log.logger);
    bare = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ authorizer: productionAuthorizer, prometheus: { enabled: true, registry: new Registry() }, dashboard: { enabled: true } })],
      providers: [healthCheckProvider('db', () => {
        if (!database.up) throw new Error('connection refused');
      }, { ttl: 0 })],
    });
  });
  after(async () => {
    await production.app.close();
    await bare.close();
  });
  beforeEach(() => {
    database.up = true;
    clearTrace();
  });

  it("answers every anonymous probe with the bytes of an application without any pipeline, and the pipeline never sees it", async () => {
    for (const accept of ['*/*', 'application/health+json']) {
      for (const path of PROBES) {
        for (const method of ['GET', 'HEAD']) {
          const init = { method, headers: { accept } };
          const expected = untimed(await bytesOf(`${bare.baseUrl}${path}`, init));
          assert.deepEqual(untimed(await bytesOf(`${production.baseUrl}/api${path}`, init)), expected, `${method} /api${path} (${accept})`);
        }
      }
    }
    assert.deepEqual(trace, { middleware: [], interceptor: [], guard: [], filter: [] });
  });

  it('a DOWN check answers 503 {"status":"DOWN"}, not the exception filter\'s body', async () => {
    database.up = false;
    const readiness = await bytesOf(`${production.baseUrl}/api/z/health/readiness`);
    assert.deepEqual(readiness, { status: 503, type: 'application/json; charset=utf-8', cache: 'no-store', body: '{"status":"DOWN"}' });
    assert.equal((await bytesOf(`${production.baseUrl}/api/z/health`)).status, 503);
    assert.deepEqual(trace.filter, []);
  });

  it('the kubelet is never rate-limited: 40 probes in a row all answer 200', async () => {
    for (let index = 0; index < 40; index++) {
      const path = index % 2 === 0 ? 'liveness' : 'readiness';
      assert.equal((await fetch(`${production.baseUrl}/api/z/health/${path}`)).status, 200, `probe ${index + 1}`);
    }
  });

  it("the application's own routes keep their pipeline: 401 without a token, wrapped with one, 429 past the limit", async () => {
    const cookie = { cookie: 'session=bob' };
    assert.equal((await fetch(`${production.baseUrl}/api/v1/orders`)).status, 401, 'the middleware: no cookie');
    const anonymous = await fetch(`${production.baseUrl}/api/v1/orders`, { headers: cookie });
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { caughtBy?: string }).caughtBy, 'CatchEverythingFilter');
    const signed = await fetch(`${production.baseUrl}/api/v1/orders`, { headers: { ...cookie, authorization: `Bearer ${production.jwt}` } });
    assert.deepEqual(await signed.json(), { data: [{ id: 1 }] });
    assert.ok(signed.headers.get('x-dns-prefetch-control'), 'helmet ran');
    const statuses: number[] = [];
    for (let index = 0; index < 12; index++) statuses.push((await fetch(`${production.baseUrl}/api/v1/orders/public`, { headers: cookie })).status);
    assert.ok(statuses.includes(429), `the throttler still limits the application's routes: ${statuses.join(' ')}`);
  });

  it("details, /prometheus and the dashboard open to the module's authorizer, without the app's cookie or JWT", async () => {
    database.up = false;
    const bearer = { authorization: `Bearer ${MANAGEMENT_TOKEN}` };
    const health = (await (await fetch(`${production.baseUrl}/api/z/health`, { headers: bearer })).json()) as { components: Record<string, { details?: unknown }> };
    assert.deepEqual(health.components.db!.details, { error: 'connection refused' });
    const scrape = await fetch(`${production.baseUrl}/api/z/prometheus`, { headers: bearer });
    assert.equal(scrape.status, 200);
    assert.match(await scrape.text(), /health_component_status\{component="db",critical="true",status="DOWN"\} 1/);
    const dashboard = await fetch(`${production.baseUrl}/api/z/dashboard/state`, { headers: bearer });
    assert.equal(dashboard.status, 200);
    assert.equal((await fetch(`${production.baseUrl}/api/z/prometheus`)).status, 403, 'anonymous: the module refuses, not the JWT guard');
    assert.deepEqual(trace, { middleware: [], interceptor: [], guard: [], filter: [] });
  });

  it("diagnostics answer the module's authorizer past the app's JWT guard and throttler, and list the app's own routes", async () => {
    const bearer = { authorization: `Bearer ${MANAGEMENT_TOKEN}` };
    const mappings = (await (await fetch(`${production.baseUrl}/api/z/mappings`, { headers: bearer })).json()) as {
      contexts: Record<string, { mappings: { dispatcherServlets: { dispatcherServlet: { predicate: string; details: { guards?: string[] } }[] } } }>;
    };
    const routes = Object.values(mappings.contexts)[0]!.mappings.dispatcherServlets.dispatcherServlet;
    const orders = routes.find((route) => route.predicate.includes('/api/v1/orders') && !route.predicate.includes('public'));
    assert.ok(orders, JSON.stringify(routes.map((route) => route.predicate)));
    assert.deepEqual(orders.details.guards, ['AuthGuard', 'ThrottlerGuard']);
    for (let index = 0; index < 12; index++) {
      assert.equal((await fetch(`${production.baseUrl}/api/z/report`, { headers: bearer })).status, 200, 'never throttled');
    }
    const anonymous = await fetch(`${production.baseUrl}/api/z/report`);
    assert.equal(anonymous.status, 403, 'the module refuses, not the JWT guard');
    assert.match(((await anonymous.json()) as { message: string }).message, /^\/report needs an authorized request/);
    assert.deepEqual(trace, { middleware: [], interceptor: [], guard: [], filter: [] });
  });

  it("a request with a cookie goes through the app's middleware, so a session authorizer sees req.user", async () => {
    database.up = false;
    const admin = (await (await fetch(`${production.baseUrl}/api/z/health`, { headers: { cookie: 'session=alice' } })).json()) as {
      components: Record<string, { details?: unknown }>;
    };
    assert.deepEqual(admin.components.db!.details, { error: 'connection refused' });
    const other = (await (await fetch(`${production.baseUrl}/api/z/health`, { headers: { cookie: 'session=bob' } })).json()) as {
      components: Record<string, { details?: unknown }>;
    };
    assert.equal(other.components.db!.details, undefined);
    const page = await fetch(`${production.baseUrl}/api/z/dashboard`, { headers: { cookie: 'session=alice' } });
    assert.equal(page.status, 200);
    assert.equal(trace.middleware.length, 3, 'the middleware ran for each cookie request');
    assert.deepEqual([trace.guard, trace.interceptor, trace.filter], [[], [], []], "Nest's guards, interceptors and filters did not");
  });

  it('says once at start-up which global guards the endpoints bypass, and maps no route of its own in Nest', () => {
    const lines = log.messages.filter((line) => line.includes('do not see the management endpoints'));
    assert.equal(lines.length, 1, log.messages.join('\n'));
    assert.match(lines[0]!, /AuthGuard, ThrottlerGuard/);
    assert.match(lines[0]!, /\/api\/z/);
    assert.ok(!log.messages.some((line) => /Mapped \{\/api\/z/.test(line)), 'no management route mapped by Nest');
  });

  it('a malformed path answers JSON 400 with no stack, and a switched-off endpoint 404', async () => {
    const malformed = await bytesOf(`${production.baseUrl}/api/z/health/%E0%A4%A`);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.type, 'application/json; charset=utf-8');
    assert.doesNotMatch(malformed.body, /at |node_modules|URIError/);
    assert.equal((await fetch(`${production.baseUrl}/api/z/environment`)).status, 404);
  });
});

onEachAdapter('the production application with a management port', (adapter) => {
  for (const worker of [true, false]) {
    it(`probes and details answer on the management port (${worker ? 'probe worker' : 'main thread'}), malformed paths in JSON`, async (t) => {
      const production = await startProductionApp(adapter, { port: 0, address: '127.0.0.1', probes: { worker } });
      t.after(() => production.app.close());
      const url = production.app.get(ManagementServer).url!;
      for (const path of PROBES) assert.equal((await fetch(`${url}${path}`)).status, 200, path);
      const scrape = await fetch(`${url}/z/prometheus`, { headers: { authorization: `Bearer ${MANAGEMENT_TOKEN}` } });
      assert.equal(scrape.status, 200);
      for (const path of ['/z/health/%', '/z/loggers/%E0%A4%A']) {
        const answer = await bytesOf(`${url}${path}`);
        assert.ok(answer.status === 400 || answer.status === 404, `${path}: ${answer.status}`);
        assert.equal(answer.type, 'application/json; charset=utf-8', path);
        assert.doesNotMatch(answer.body, /at |node_modules|URIError/, path);
      }
      assert.equal((await fetch(`${production.baseUrl}/api/z/health`)).status, 401, "the application's port has no management endpoints: its middleware answers");
    });
  }
});
