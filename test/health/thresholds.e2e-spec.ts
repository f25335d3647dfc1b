import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManagementModule } from '../../src/index.js';
import type { HealthChange, HealthCheckOptions, ManagementModuleOptions } from '../../src/index.js';
import { call, healthCheckProvider, started, withoutTiming } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

/** An app with one check, `db`, that fails while `state.failing`; never cached, details shown. */
async function thresholdApp(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions, checkOptions: HealthCheckOptions = {}) {
  const state = { failing: false };
  const provider = healthCheckProvider('db', () => {
    if (state.failing) throw new Error('connection refused');
  }, { ttl: 0, ...checkOptions });
  const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', ...options })], providers: [provider] });
  return { app, state };
}

/** /health/db without timing, asserting the code follows the status. */
async function db(app: TestApp): Promise<Record<string, unknown>> {
  const answer = await call(app, '/z/health/db');
  const component = withoutTiming(answer.body);
  assert.equal(answer.status, component.status === 'UP' ? 200 : 503);
  return component;
}

onEachAdapter('failure and success thresholds', (adapter) => {
  it('with failureThreshold 3, the 1st and 2nd failures leave the check UP showing the streak, the 3rd turns it DOWN', async (t) => {
    const { app, state } = await thresholdApp(t, adapter, { failureThreshold: 3 });
    assert.deepEqual(await db(app), { status: 'UP', details: { consecutiveSuccesses: 1 } });
    state.failing = true;
    const held = { consecutiveFailures: 1, failureThreshold: 3, lastError: 'connection refused' };
    assert.deepEqual(await db(app), { status: 'UP', details: held });
    const second = await call(app, '/z/health');
    assert.equal(second.status, 200, 'the aggregate sees the held status');
    const components = (second.body as { components: Record<string, unknown> }).components;
    assert.deepEqual(withoutTiming(components.db), { status: 'UP', details: { ...held, consecutiveFailures: 2 } });
    assert.deepEqual(await db(app), { status: 'DOWN', details: { error: 'connection refused', consecutiveFailures: 3 } });
    assert.equal((await call(app, '/z/health/readiness')).status, 503);
  });

  it('with successThreshold 2, a DOWN check stays DOWN after one success and is UP after the 2nd', async (t) => {
    const { app, state } = await thresholdApp(t, adapter, { successThreshold: 2 });
    state.failing = true;
    assert.deepEqual(await db(app), { status: 'DOWN', details: { error: 'connection refused', consecutiveFailures: 1 } });
    state.failing = false;
    assert.deepEqual(await db(app), { status: 'DOWN', details: { error: 'connection refused', consecutiveSuccesses: 1, successThreshold: 2 } });
    assert.deepEqual(await db(app), { status: 'UP', details: { consecutiveSuccesses: 2 } });
  });

  it("a check's first result is reported as is, and its own threshold overrides the module's", async (t) => {
    const { app, state } = await thresholdApp(t, adapter, { failureThreshold: 5 }, { failureThreshold: 2 });
    state.failing = true;
    assert.equal((await db(app)).status, 'DOWN', 'no status to hold before the first result');
    state.failing = false;
    assert.equal((await db(app)).status, 'UP');
    state.failing = true;
    assert.equal((await db(app)).status, 'UP');
    assert.equal((await db(app)).status, 'DOWN', "the check's own threshold of 2, not the module's 5");
  });

  it('with the defaults (1 and 1) a result is reported at once and unchanged', async (t) => {
    const { app, state } = await thresholdApp(t, adapter, {});
    assert.deepEqual(await db(app), { status: 'UP' });
    state.failing = true;
    assert.deepEqual(await db(app), { status: 'DOWN', details: { error: 'connection refused' } });
  });

  it('the history and the metrics see the thresholded status: failures below the threshold change nothing', async (t) => {
    const registry = new Registry();
    const { app, state } = await thresholdApp(t, adapter, { failureThreshold: 3, history: { enabled: true }, prometheus: { enabled: true, registry } });
    await db(app);
    const transitions = async () => ((await call(app, '/z/health/history')).body as { transitions: HealthChange[] }).transitions;
    await waitUntil('the history has the first status of the aggregate', transitions, (seen) => seen.some((change) => change.kind === 'aggregate'));
    state.failing = true;
    await db(app);
    await db(app);
    assert.match(await registry.metrics(), /health_component_status\{component="db",critical="true",status="UP"\} 1/);
    state.failing = false;
    await db(app);
    state.failing = true;
    await db(app);
    await db(app);
    await db(app);
    const after = await waitUntil('the history has the DOWN', transitions, (seen) => seen.some((change) => change.to === 'DOWN' && change.kind === 'component'));
    const dbChanges = after.filter((change) => change.kind === 'component').map(({ from, to }) => `${from}->${to}`);
    assert.deepEqual(dbChanges, ['UP->DOWN', 'null->UP'], 'only the failure that reached the threshold is a change');
    assert.match(await registry.metrics(), /health_component_status\{component="db",critical="true",status="DOWN"\} 1/);
  });

  it('a threshold that is not a whole number from 1 stops start-up naming the key', async () => {
    for (const bad of [0, -1, 1.5, '2']) {
      const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ failureThreshold: bad as number })] });
      assert.match(String(error), /option 'failureThreshold' must be a whole number from 1 to 1000/);
    }
    const perCheck = await bootstrapError(adapter, {
      imports: [ManagementModule.forRoot()],
      providers: [healthCheckProvider('db', () => true, { successThreshold: 0 })],
    });
    assert.match(String(perCheck), /Health check 'db': 'successThreshold' must be a whole number from 1 to 1000, got 0/);
  });
});
