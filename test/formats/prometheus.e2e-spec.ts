import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Registry } from 'prom-client';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, countingCheck, gate, healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

/** The value of the series `name{labels}` in a text exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function appWith(adapter: AdapterName, options: ManagementModuleOptions, providers: ReturnType<typeof healthCheckProvider>[]) {
  return startApp(adapter, { imports: [ManagementModule.forRoot({ ttl: 0, showDetails: 'always', ...options })], providers });
}

onEachAdapter('health as Prometheus metrics', (adapter) => {
  it('/prometheus serves one-hot status gauges for the aggregate, each group and each component (labelled critical or not), in the text format', async (t) => {
    const registry = new Registry();
    let up = true;
    const app = await appWith(adapter, { prometheus: { enabled: true, registry } }, [healthCheckProvider('db', () => up), healthCheckProvider('cache', () => false, { critical: false })]);
    t.after(() => app.close());
    await call(app, '/z/health');

    const scraped = await call(app, '/z/prometheus');
    assert.equal(scraped.status, 200);
    assert.equal(scraped.contentType, registry.contentType);
    assert.equal(scraped.cacheControl, 'no-store');
    assert.equal(sample(scraped.text, 'health_status{status="UP"}'), 1);
    assert.equal(sample(scraped.text, 'health_status{status="DOWN"}'), 0);
    assert.equal(sample(scraped.text, 'health_component_status{component="db",critical="true",status="UP"}'), 1);
    assert.equal(sample(scraped.text, 'health_component_status{component="db",critical="true",status="DOWN"}'), 0);
    assert.equal(sample(scraped.text, 'health_check_executions_total{component="db"}'), 1);
    assert.equal(sample(scraped.text, 'health_check_duration_seconds_count{component="db"}'), 1);
    assert.match(scraped.text, /# TYPE health_check_duration_seconds histogram/);
    assert.equal(sample(scraped.text, 'health_component_status{component="cache",critical="false",status="DOWN"}'), 1, 'critical says which components alerts select');

    up = false;
    await call(app, '/z/health/readiness');
    const after = (await call(app, '/z/prometheus')).text;
    assert.equal(sample(after, 'health_component_status{component="db",critical="true",status="DOWN"}'), 1);
    assert.equal(sample(after, 'health_component_status{component="db",critical="true",status="UP"}'), 0);
    assert.equal(sample(after, 'health_group_status{group="readiness",status="DOWN"}'), 1);
    assert.equal(sample(after, 'health_check_failures_total{component="db"}'), 1);
    assert.equal(sample(after, 'health_check_executions_total{component="db"}'), 2);
  });

  it('a scrape runs no check and a cached probe adds nothing: statuses come from the latest results (UNKNOWN before the first)', async (t) => {
    const registry = new Registry();
    // In a custom group, so that nothing runs it at start-up and the first result is ours to cause.
    const db = countingCheck('db', () => true, { groups: ['external'], ttl: 60_000 });
    const app = await appWith(adapter, { ttl: 60_000, prometheus: { enabled: true, registry } }, [db.provider]);
    t.after(() => app.close());
    const unknown = (await call(app, '/z/prometheus')).text;
    assert.equal(db.executions, 0, 'scraping did not run the check');
    assert.equal(sample(unknown, 'health_component_status{component="db",critical="true",status="UNKNOWN"}'), 1);
    assert.equal(sample(unknown, 'health_component_status{component="db",critical="true",status="UP"}'), 0);

    await call(app, '/z/health/external');
    for (let probe = 0; probe < 10; probe++) await call(app, '/z/health/external');
    const known = (await call(app, '/z/prometheus')).text;
    assert.equal(db.executions, 1, 'the probes were answered from the cache');
    assert.equal(sample(known, 'health_component_status{component="db",critical="true",status="UP"}'), 1);
    assert.equal(sample(known, 'health_check_executions_total{component="db"}'), 1, 'cached probes are not executions');
    assert.equal(sample(known, 'health_check_duration_seconds_count{component="db"}'), 1);
  });

  it('counts timeouts, and a check still running is not counted as another execution', async (t) => {
    const registry = new Registry();
    const hang = gate();
    const app = await appWith(adapter, { timeout: 50, prometheus: { enabled: true, registry } }, [healthCheckProvider('slow', () => hang.promise)]);
    t.after(() => {
      hang.open();
      return app.close();
    });
    await call(app, '/z/health');
    await call(app, '/z/health');
    const text = (await call(app, '/z/prometheus')).text;
    assert.equal(sample(text, 'health_check_timeouts_total{component="slow"}'), 1);
    assert.equal(sample(text, 'health_check_executions_total{component="slow"}'), 1);
    assert.equal(sample(text, 'health_check_failures_total{component="slow"}'), 1);
  });

  it("the metrics join the application's registry with a prefix, so an existing /metrics shows them, and leave it on close", async (t) => {
    const registry = new Registry();
    const app = await appWith(adapter, { prometheus: { enabled: true, endpoint: false, registry, prefix: 'orders_' } }, [healthCheckProvider('db', () => true)]);
    await call(app, '/z/health');
    const text = await registry.metrics();
    assert.equal(sample(text, 'orders_health_component_status{component="db",critical="true",status="UP"}'), 1);
    assert.equal((await call(app, '/z/prometheus')).status, 404, 'endpoint: false serves no /prometheus');
    await app.close();
    assert.deepEqual(registry.getMetricsAsArray(), [], 'closing the application removes its metrics');
  });

  it('is off by default (404), and behind the details rules when on (403 without authorization)', async (t) => {
    const off = await appWith(adapter, {}, []);
    t.after(() => off.close());
    const answer = await call(off, '/z/prometheus');
    assert.equal(answer.status, 404);
    assert.match(answer.text, /prometheus\.enabled/);

    const guarded = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ prometheus: { enabled: true, registry: new Registry() }, authorizer: (request) => (request as { headers: Record<string, string> }).headers.authorization === 'Bearer scrape' })],
    });
    t.after(() => guarded.close());
    assert.equal((await call(guarded, '/z/prometheus')).status, 403);
    assert.equal((await call(guarded, '/z/prometheus', { headers: { Authorization: 'Bearer scrape' } })).status, 200);
  });

  it('is served on the management port (forwarded by the probe worker)', async (t) => {
    const app = await appWith(adapter, { port: 0, address: '127.0.0.1', prometheus: { enabled: true, registry: new Registry() } }, [healthCheckProvider('db', () => true)]);
    t.after(() => app.close());
    const url = app.app.get(ManagementServer).url!;
    const response = await fetch(`${url}/z/prometheus`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /health_component_status\{component="db",critical="true",status="(UP|UNKNOWN)"\}/);
  });

  it('bad options and a second module in the same registry stop start-up with a message naming the problem', async () => {
    await assert.rejects(startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: 'yes' as never } })] }), /'prometheus.enabled' must be true or false/);
    await assert.rejects(startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: true, prefix: '1x' } })] }), /'prometheus.prefix' must be a valid start/);
    await assert.rejects(startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: true, registry: {} as never } })] }), /'prometheus.registry' must be a prom-client Registry/);
    const registry = new Registry();
    const first = await startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: true, registry } })] });
    try {
      await assert.rejects(
        startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: true, registry } })] }),
        /already has a metric named 'health_status'.*own 'registry' or 'prefix'/,
      );
    } finally {
      await first.close();
    }
  });

  it('the counters count executions as they were: a failure held back by failureThreshold is counted, the gauge stays UP', async (t) => {
    const registry = new Registry();
    let up = true;
    const app = await appWith(adapter, { failureThreshold: 3, prometheus: { enabled: true, registry } }, [healthCheckProvider('db', () => up)]);
    t.after(() => app.close());
    await call(app, '/z/health');
    up = false;
    assert.equal((await call(app, '/z/health')).status, 200, 'one failure is held back');
    const text = (await call(app, '/z/prometheus')).text;
    assert.equal(sample(text, 'health_check_failures_total{component="db"}'), 1);
    assert.equal(sample(text, 'health_component_status{component="db",critical="true",status="UP"}'), 1);
  });

  it('a start-up refused for a name already taken leaves the registry as it was', async () => {
    const registry = new Registry();
    new Counter({ name: 'health_check_timeouts_total', help: 'the application’s own', registers: [registry] });
    await assert.rejects(
      startApp(adapter, { imports: [ManagementModule.forRoot({ prometheus: { enabled: true, registry } })] }),
      /already has a metric named 'health_check_timeouts_total'/,
    );
    assert.deepEqual(registry.getMetricsAsArray().map((metric) => metric.name), ['health_check_timeouts_total']);
  });
});
