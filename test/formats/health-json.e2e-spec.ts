import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthError, ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, healthCheckProvider } from '../support/health-fixtures.js';
import { readAnswer } from '../support/read-answer.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

const HEALTH_JSON = { headers: { Accept: 'application/health+json' } };
const HEALTH_JSON_TYPE = 'application/health+json; charset=utf-8';
/** Top-level members draft-inadarei-api-health-check defines. */
const DRAFT_MEMBERS = ['status', 'version', 'releaseId', 'notes', 'output', 'serviceId', 'description', 'checks', 'links'];
const DRAFT_CHECK_MEMBERS = ['componentId', 'componentType', 'observedValue', 'observedUnit', 'status', 'affectedEndpoints', 'time', 'output', 'links'];
const DRAFT_STATUSES = ['pass', 'warn', 'fail'];

const packageJson = join(mkdtempSync(join(tmpdir(), 'health-json-')), 'package.json');
writeFileSync(packageJson, JSON.stringify({ name: 'orders-service', version: '4.2.0' }));

type Draft = { status: string; checks?: Record<string, Record<string, unknown>[]> } & Record<string, unknown>;

/** Asserts that `body` uses only the draft's members, with the draft's types and statuses. */
function assertDraftShape(body: Draft): void {
  for (const member of Object.keys(body)) assert.ok(DRAFT_MEMBERS.includes(member), `unknown top-level member ${member}`);
  assert.ok(DRAFT_STATUSES.includes(body.status), `status ${body.status}`);
  for (const [key, entries] of Object.entries(body.checks ?? {})) {
    assert.match(key, /^[^:]+(:[^:]+)?$/, 'keys are componentName[:measurementName]');
    assert.ok(Array.isArray(entries) && entries.length > 0);
    for (const entry of entries) {
      for (const member of Object.keys(entry)) assert.ok(DRAFT_CHECK_MEMBERS.includes(member), `unknown check member ${member}`);
      assert.ok(DRAFT_STATUSES.includes(String(entry.status)));
      if (entry.time !== undefined) assert.ok(!Number.isNaN(Date.parse(String(entry.time))), 'time is an ISO-8601 date');
      if (entry.observedValue !== undefined) assert.equal(typeof entry.observedUnit, 'string');
    }
  }
}

function appWith(adapter: AdapterName, options: ManagementModuleOptions, checks: ReturnType<typeof healthCheckProvider>[]) {
  return startApp(adapter, {
    imports: [ManagementModule.forRoot({ version: 'build-77', info: { packageJson }, ttl: 0, ...options })],
    providers: checks,
  });
}

onEachAdapter('application/health+json', (adapter) => {
  it('/health answers the draft format when Accept asks for it: pass, identity from /info and /version, checks keyed name:responseTime', async (t) => {
    const app = await appWith(adapter, { showDetails: 'always' }, [healthCheckProvider('db', () => true, { componentType: 'datastore' })]);
    t.after(() => app.close());
    const answer = await call(app, '/z/health', HEALTH_JSON);
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, HEALTH_JSON_TYPE);
    assert.equal(answer.cacheControl, 'no-store');
    const body = answer.body as Draft;
    assertDraftShape(body);
    assert.equal(body.status, 'pass');
    assert.equal(body.serviceId, 'orders-service');
    assert.equal(body.version, '4.2.0');
    assert.equal(body.releaseId, 'build-77');
    const [entry] = body.checks!['db:responseTime']!;
    assert.equal(entry!.componentId, 'db');
    assert.equal(entry!.componentType, 'datastore');
    assert.equal(entry!.status, 'pass');
    assert.equal(entry!.observedUnit, 'ms');
    assert.equal(typeof entry!.observedValue, 'number');
  });

  it('a critical check that says UNKNOWN under an UP aggregate is warn, as is the aggregate; UNKNOWN overall is fail', async (t) => {
    const app = await appWith(adapter, { showDetails: 'always' }, [
      healthCheckProvider('feature-flags', () => ({ status: 'UNKNOWN' })),
      healthCheckProvider('db', () => true),
    ]);
    t.after(() => app.close());
    const warned = await call(app, '/z/health', HEALTH_JSON);
    assert.equal(warned.status, 200, 'UNKNOWN ranks below UP: the aggregate is UP');
    const body = warned.body as Draft;
    assertDraftShape(body);
    assert.equal(body.status, 'warn');
    assert.equal(body.checks!['feature-flags:responseTime']![0]!.status, 'warn');
    assert.equal(body.checks!['db:responseTime']![0]!.status, 'pass');

    const unknown = await appWith(adapter, { showDetails: 'always' }, [healthCheckProvider('feature-flags', () => ({ status: 'UNKNOWN' }))]);
    t.after(() => unknown.close());
    const failed = await call(unknown, '/z/health', HEALTH_JSON);
    assert.equal(failed.status, 503);
    assert.equal((failed.body as Draft).status, 'fail');
  });

  it('a failing non-critical check is warn (HTTP 200); a failing critical check is fail (HTTP 503) with its output', async (t) => {
    const app = await appWith(adapter, { showDetails: 'always' }, [
      healthCheckProvider('cache', () => false, { critical: false }),
      healthCheckProvider('db', () => true),
    ]);
    t.after(() => app.close());
    const warned = await call(app, '/z/health', HEALTH_JSON);
    assert.equal(warned.status, 200);
    const body = warned.body as Draft;
    assertDraftShape(body);
    assert.equal(body.status, 'warn');
    assert.equal(body.checks!['cache:responseTime']![0]!.status, 'warn');
    assert.equal(body.checks!['db:responseTime']![0]!.status, 'pass');

    const failing = await appWith(adapter, { showDetails: 'always' }, [
      healthCheckProvider('db', () => {
        throw new HealthError('connection refused');
      }),
    ]);
    t.after(() => failing.close());
    const failed = await call(failing, '/z/health', HEALTH_JSON);
    assert.equal(failed.status, 503);
    assert.equal((failed.body as Draft).status, 'fail');
    assert.equal((failed.body as Draft).checks!['db:responseTime']![0]!.output, 'connection refused');
  });

  it('output and observed values appear only where details are allowed', async (t) => {
    const app = await appWith(adapter, { showDetails: 'never' }, [
      healthCheckProvider('db', () => {
        throw new HealthError('password=hunter2 rejected');
      }),
    ]);
    t.after(() => app.close());
    const answer = await call(app, '/z/health', HEALTH_JSON);
    assert.equal(answer.status, 503);
    const entry = (answer.body as Draft).checks!['db:responseTime']![0]!;
    assert.deepEqual(Object.keys(entry).sort(), ['componentId', 'componentType', 'status', 'time']);
    assert.doesNotMatch(answer.text, /hunter2|rejected/);
  });

  it('the probes answer it too: readiness terse without details, with the application state as a check with details', async (t) => {
    const app = await appWith(adapter, {}, [healthCheckProvider('db', () => true)]);
    t.after(() => app.close());
    const terse = await call(app, '/z/health/readiness', HEALTH_JSON);
    assert.equal(terse.status, 200);
    assert.equal(terse.contentType, HEALTH_JSON_TYPE);
    assert.deepEqual(terse.body, { status: 'pass', serviceId: 'orders-service', version: '4.2.0', releaseId: 'build-77' });
    const liveness = await call(app, '/z/health/liveness', HEALTH_JSON);
    assert.equal((liveness.body as Draft).status, 'pass');

    const detailed = await appWith(adapter, { showDetails: 'always' }, [healthCheckProvider('db', () => true)]);
    t.after(() => detailed.close());
    const body = (await call(detailed, '/z/health/readiness', HEALTH_JSON)).body as Draft;
    assertDraftShape(body);
    assert.deepEqual(Object.keys(body.checks!).sort(), ['db:responseTime', 'readinessState']);
    assert.equal(body.checks!.readinessState![0]!.componentType, 'system');
  });

  it('Accept q-values decide; application/json stays the default for */* and for types not offered', async (t) => {
    const app = await appWith(adapter, {}, [healthCheckProvider('db', () => true)]);
    t.after(() => app.close());
    const contentType = async (accept: string | undefined) =>
      (await call(app, '/z/health', accept === undefined ? {} : { headers: { Accept: accept } })).contentType;
    assert.equal(await contentType('application/json;q=0.9, application/health+json'), HEALTH_JSON_TYPE);
    assert.equal(await contentType('application/health+json;q=0.5, application/json'), 'application/json; charset=utf-8');
    assert.equal(await contentType('*/*'), 'application/json; charset=utf-8');
    assert.equal(await contentType(undefined), 'application/json; charset=utf-8');
    assert.equal(await contentType('text/html'), 'application/json; charset=utf-8');
  });

  it('a down readiness in the draft format keeps the status code of the mapping', async (t) => {
    const app = await appWith(adapter, { statusHttpMapping: { DOWN: 500 } }, [healthCheckProvider('db', () => false)]);
    t.after(() => app.close());
    const answer = await call(app, '/z/health/readiness', HEALTH_JSON);
    assert.equal(answer.status, 500);
    assert.equal((answer.body as Draft).status, 'fail');
  });

  it('the probe worker on the management port answers the draft format itself, with the same bodies', async (t) => {
    const options: ManagementModuleOptions = { port: 0, address: '127.0.0.1', showDetails: 'always' };
    const app = await appWith(adapter, options, [healthCheckProvider('db', () => true)]);
    t.after(() => app.close());
    const server = app.app.get(ManagementServer);
    assert.equal(server.usesWorker, true);
    const readiness = await readAnswer(`${server.url}/z/health/readiness`, HEALTH_JSON);
    assert.equal(readiness.status, 200);
    assert.equal(readiness.contentType, HEALTH_JSON_TYPE);
    const body = readiness.body as Draft;
    assertDraftShape(body);
    assert.equal(body.status, 'pass');
    assert.deepEqual(Object.keys(body.checks!).sort(), ['db:responseTime', 'readinessState']);
    const plain = await readAnswer(`${server.url}/z/health/readiness`);
    assert.equal(plain.contentType, 'application/json; charset=utf-8');
    assert.equal((plain.body as { status: string }).status, 'UP');
  });
});

onEachAdapter('Spring Boot Actuator media type', (adapter) => {
  it('a client asking for application/vnd.spring-boot.actuator.v3+json gets the same body with that content type', async (t) => {
    const app = await appWith(adapter, {}, [healthCheckProvider('db', () => true)]);
    t.after(() => app.close());
    const accept = 'application/vnd.spring-boot.actuator.v3+json, application/vnd.spring-boot.actuator.v2+json, application/json';
    const actuator = await call(app, '/z/health', { headers: { Accept: accept } });
    const plain = await call(app, '/z/health');
    assert.equal(actuator.status, 200);
    assert.equal(actuator.contentType, 'application/vnd.spring-boot.actuator.v3+json; charset=utf-8');
    assert.deepEqual(actuator.body, plain.body);
    const component = await call(app, '/z/health/db', { headers: { Accept: accept } });
    assert.equal(component.contentType, 'application/vnd.spring-boot.actuator.v3+json; charset=utf-8');
  });
});

onEachAdapter('status to HTTP code mapping', (adapter) => {
  it('statusHttpMapping changes the code of /health, the groups, a component, and the worker-served probes', async (t) => {
    const options: ManagementModuleOptions = { statusHttpMapping: { DOWN: 500, UP: 299 }, port: 0, address: '127.0.0.1' };
    const app = await appWith(adapter, options, [healthCheckProvider('db', () => false, { groups: ['readiness', 'liveness'] })]);
    t.after(() => app.close());
    const url = app.app.get(ManagementServer).url!;
    assert.equal((await fetch(`${url}/z/health`)).status, 500);
    assert.equal((await fetch(`${url}/z/health/db`)).status, 500);
    assert.equal((await fetch(`${url}/z/health/readiness`)).status, 500);
    assert.equal((await fetch(`${url}/z/health/liveness`)).status, 500);
    assert.equal((await fetch(`${url}/z/health/startup`)).status, 299);
  });

  it('a bad mapping stops start-up with a message naming the option', async () => {
    await assert.rejects(
      startApp(adapter, { imports: [ManagementModule.forRoot({ statusHttpMapping: { DOWN: 42 } })] }),
      /statusHttpMapping': the code for DOWN must be an HTTP status code from 200 to 599, got 42/,
    );
  });
});
