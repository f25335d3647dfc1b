import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, started } from '../support/health-fixtures.js';
import { closedPort, json, suitePeers } from '../support/peer-server.js';
import { startStalledServer } from '../support/stalled-server.js';
import { bootstrapError, onEachAdapter } from '../support/test-app.js';

type Fleet = NonNullable<NonNullable<ManagementModuleOptions['dashboard']>['fleet']>;

interface FleetBody {
  reachable: boolean;
  error: string | null;
  services: unknown[];
  refreshInterval: number;
}

function fleetApp(t: Parameters<typeof started>[0], adapter: 'express' | 'fastify', fleet: Fleet, options: ManagementModuleOptions = { showDetails: 'always' }) {
  return started(t, adapter, { imports: [ManagementModule.forRoot({ ...options, dashboard: { enabled: true, fleet } })] });
}

onEachAdapter('the dashboard fleet view', (adapter) => {
  const peer = suitePeers();

  it('is off unless dashboard.fleet is set: 404 naming the option, and no fleet section on the page', async (t) => {
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true } })] });
    const answer = await call(app, '/z/dashboard/fleet');
    assert.equal(answer.status, 404);
    assert.match((answer.body as { message: string }).message, /'dashboard\.fleet'/);
    assert.doesNotMatch((await call(app, '/z/dashboard')).text, /data-fleet-url|fleet-section/);
  });

  it('the page has a fleet section polled from the application itself, never from Prometheus', async (t) => {
    const app = await fleetApp(t, adapter, { prometheus: { url: 'http://prometheus.example:9090', job: 'orders' }, refreshInterval: 5_000 });
    const html = (await call(app, '/z/dashboard')).text;
    assert.match(html, /data-fleet-url="dashboard\/fleet" data-fleet-refresh-interval="5000"/);
    assert.match(html, /id="fleet-section"/);
    assert.doesNotMatch(html, /prometheus\.example/, 'the page never learns where Prometheus is');
  });

  it('says Prometheus cannot be reached when nothing listens at its URL', async (t) => {
    const app = await fleetApp(t, adapter, { prometheus: { url: `http://127.0.0.1:${await closedPort()}`, job: 'orders' } });
    const answer = await call(app, '/z/dashboard/fleet');
    assert.equal(answer.status, 200);
    const body = answer.body as FleetBody;
    assert.equal(body.reachable, false);
    assert.match(String(body.error), /^Prometheus cannot be reached: .*ECONNREFUSED/);
    assert.deepEqual(body.services, []);
  });

  it('says so within its timeout when Prometheus never answers', async (t) => {
    const stalled = await startStalledServer();
    t.after(() => stalled.close());
    const app = await fleetApp(t, adapter, { prometheus: { url: `http://127.0.0.1:${stalled.port}`, job: 'orders', timeout: 300 } });
    const body = (await call(app, '/z/dashboard/fleet')).body as FleetBody;
    assert.equal(body.reachable, false);
    assert.match(String(body.error), /^Prometheus cannot be reached: .*300 ms/);
  });

  it('shows Prometheus\'s own error, and one round of queries serves every concurrent viewer, with the configured headers', async (t) => {
    const seen: IncomingHttpHeaders[] = [];
    const prometheus = await peer((request, response) => {
      seen.push(request.headers);
      json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })(request, response);
    });
    const app = await fleetApp(t, adapter, {
      prometheus: { url: `${prometheus.url}/prom/`, job: ['orders', 'billing'], selector: 'namespace="prod"', headers: { Authorization: 'Bearer fleet-token' }, prefix: 'orders_' },
    });
    const bodies = await Promise.all(Array.from({ length: 5 }, async () => (await call(app, '/z/dashboard/fleet')).body as FleetBody));
    for (const body of bodies) assert.deepEqual([body.reachable, body.error], [false, 'Prometheus answered HTTP 400: parse error at char 3']);
    assert.equal(prometheus.requests.length, 8, 'one round of eight queries');
    assert.ok(seen.every((headers) => headers.authorization === 'Bearer fleet-token'));
    const queries = prometheus.requests.map((url) => new URL(url, prometheus.url)).map((url) => [url.pathname, url.searchParams.get('query')!] as const);
    assert.ok(queries.every(([path]) => path === '/prom/api/v1/query'));
    const texts = queries.map(([, query]) => query);
    assert.ok(texts.includes('up{job=~"orders|billing", namespace="prod"}'), texts.join('\n'));
    assert.ok(texts.includes('orders_health_status{job=~"orders|billing", namespace="prod"} == 1'));
    assert.ok(texts.some((query) => query.startsWith('avg_over_time(orders_health_component_status{job=~"orders|billing", namespace="prod", status="UP"}[24h])')));
    assert.equal((await call(app, '/z/dashboard/fleet')).status, 200);
    assert.equal(prometheus.requests.length, 8, 'reused within the refresh interval');
  });

  it('never shows the credentials for Prometheus: not in the page, the fleet JSON or its error, whether in headers or in the URL', async (t) => {
    const stalled = await startStalledServer();
    t.after(() => stalled.close());
    const secrets = /Bearer|s3cret-token|fleet-user|p4ss-word/;
    const urls = [`http://fleet-user:p4ss-word@127.0.0.1:${await closedPort()}`, `http://fleet-user:p4ss-word@127.0.0.1:${stalled.port}/prom`];
    for (const url of urls) {
      const app = await fleetApp(t, adapter, { prometheus: { url, job: 'orders', headers: { Authorization: 'Bearer s3cret-token' }, timeout: 300 } });
      const fleet = await call(app, '/z/dashboard/fleet');
      assert.equal((fleet.body as FleetBody).reachable, false);
      assert.match(String((fleet.body as FleetBody).error), /^Prometheus cannot be reached: /);
      assert.doesNotMatch(fleet.text, secrets, fleet.text);
      const page = (await call(app, '/z/dashboard')).text;
      assert.doesNotMatch(page, secrets);
      assert.doesNotMatch(page, /127\.0\.0\.1:\d+\/prom|fleet-user/);
    }
    const start = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ dashboard: { enabled: true, fleet: { prometheus: { url: 'ftp://fleet-user:p4ss-word@prometheus:9090', job: 'orders' } } } })] });
    assert.match(String(start), /'dashboard\.fleet\.prometheus\.url' must be/);
    assert.doesNotMatch(String(start), /p4ss-word/, 'the start-up error hides the password');
  });

  it('says so when the answer is not Prometheus\'s', async (t) => {
    const other = await peer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html>login</html>');
    });
    const app = await fleetApp(t, adapter, { prometheus: { url: other.url, job: 'orders' } });
    const body = (await call(app, '/z/dashboard/fleet')).body as FleetBody;
    assert.equal(body.error, 'Prometheus cannot be reached: the answer is not the JSON of a Prometheus query API');
  });

  it('is for viewers allowed to see details: 403, and Prometheus is not asked', async (t) => {
    const prometheus = await peer(json(400, { status: 'error', error: 'no' }));
    const app = await fleetApp(t, adapter, { prometheus: { url: prometheus.url, job: 'orders' } }, { authorizer: () => false });
    const answer = await call(app, '/z/dashboard/fleet');
    assert.equal(answer.status, 403);
    assert.equal(answer.text.includes('orders'), false);
    assert.equal(prometheus.requests.length, 0);
  });

  it('bad fleet options stop start-up naming the key and the fix', async () => {
    const start = (fleet: unknown) => bootstrapError(adapter, { imports: [ManagementModule.forRoot({ dashboard: { enabled: true, fleet: fleet as Fleet } })] });
    assert.match(String(await start({})), /'dashboard\.fleet\.prometheus' is required/);
    assert.match(String(await start({ prometheus: { url: 'prometheus:9090', job: 'x' } })), /'dashboard\.fleet\.prometheus\.url' must be the absolute http or https URL/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090' } })), /'dashboard\.fleet\.prometheus' needs 'job'.*or 'selector'/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', job: [] } })), /'dashboard\.fleet\.prometheus\.job' must be a non-empty job name/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', selector: '{job="x"}' } })), /'dashboard\.fleet\.prometheus\.selector' must be PromQL label matchers without braces/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', job: 'x', timeout: 0 } })), /'dashboard\.fleet\.prometheus\.timeout' must be a whole number of milliseconds from 1/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', job: 'x' }, refreshInterval: 10 })), /'dashboard\.fleet\.refreshInterval' must be a whole number of milliseconds from 1000/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', job: 'x', query: 'up' } })), /'dashboard\.fleet\.prometheus\.query' is not known/);
    assert.match(String(await start({ prometheus: { url: 'http://p:9090', job: 'x', headers: { a: 1 } } })), /'dashboard\.fleet\.prometheus\.headers' must map header names to strings/);
  });
});
