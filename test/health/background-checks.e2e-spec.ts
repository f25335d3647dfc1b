import { it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthRegistry, ManagementModule } from '../../src/index.js';
import { call, countingCheck, started } from '../support/health-fixtures.js';
import { json, startPeer } from '../support/peer-server.js';
import type { TestApp } from '../support/test-app.js';
import { onEachAdapter } from '../support/test-app.js';

/** Waits until `condition` holds, within a deadline. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function details(app: TestApp, name: string): Promise<Record<string, unknown>> {
  const answer = await call(app, `/z/health/${name}`);
  return ((answer.body as { details?: Record<string, unknown> }).details ?? {}) as Record<string, unknown>;
}

onEachAdapter('background checks', (adapter) => {
  it('a check with an interval runs on its own, and readiness follows its results', async (t) => {
    let healthy = true;
    const db = countingCheck('db', () => healthy, { interval: 30 });
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [db.provider] });
    await until(() => db.executions >= 3, 'the check has run three times with no request');
    healthy = false;
    await until(async () => (await app.request('/z/health/readiness')).status === 503, 'readiness sees the failure');
    healthy = true;
    await until(async () => (await app.request('/z/health/readiness')).status === 200, 'readiness sees the recovery');
  });

  it('requests read the latest background result and run nothing, even with caching off', async (t) => {
    const db = countingCheck('db', () => true, { interval: 60_000, ttl: 0 });
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [db.provider] });
    await until(() => db.executions === 1, 'the first background run has started');
    for (let probe = 0; probe < 10; probe++) assert.equal((await app.request('/z/health/readiness')).status, 200);
    assert.equal((await app.request('/z/health')).status, 200);
    assert.equal(db.executions, 1);
  });

  it('the module-wide interval applies to every check; a check that hangs in the background never runs twice at once', async (t) => {
    const hung = countingCheck('hung', () => new Promise(() => undefined), { timeout: 40 });
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ interval: 20, showDetails: 'always' })], providers: [hung.provider] });
    await until(async () => /previous execution still running/.test(String((await details(app, 'hung')).error)), 'the overrun is reported');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(hung.executions, 1);
  });

  it('checks registered at run time join the background runs, and removed ones leave them', async (t) => {
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ interval: 20 })] });
    let executions = 0;
    const registry = app.app.get(HealthRegistry);
    registry.register({ name: 'late', check: () => void executions++ });
    await until(() => executions >= 2, 'the registered check runs in the background');
    registry.remove('late');
    const afterRemoval = executions;
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(executions <= afterRemoval + 1, 'at most the run already under way finishes');
  });

  it("a bad interval stops start-up with a message naming the check and the option", async () => {
    const { bootstrapError } = await import('../support/test-app.js');
    const bad = countingCheck('db', () => true, { interval: -5 });
    const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot()], providers: [bad.provider] });
    assert.match(String((error as Error)?.message), /Health check 'db': 'interval'/);
  });

  it('a service dependency outside readiness is polled in the background at its health URL only', async (t) => {
    const peer = await startPeer(json(200, { status: 'UP' }));
    t.after(() => peer.close());
    const paths = peer.requests;
    // A bare host:port is another app running this module: /z/health, and /z/health/readiness for readiness.
    await started(t, adapter, { imports: [ManagementModule.forRoot({ interval: 30, serviceDependencies: { users_api: { url: peer.host, groups: ['deps'] } } })] });
    await until(() => paths.length >= 3, 'the dependency has been polled three times');
    assert.deepEqual([...new Set(paths)], ['/z/health'], 'never its readiness URL');
  });
});
