import { it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthError, HealthRegistry, ManagementModule } from '../../src/index.js';
import { call, countingCheck, gate, started } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import { capturingLogger } from '../support/capturing-logger.js';

onEachAdapter('a check that outlives its timeout', (adapter) => {
  it('is not started again while its last execution still runs: it answers DOWN at once, saying so', async (t) => {
    const release = gate();
    // Ignores its AbortSignal, as a check stuck on a driver without cancellation does.
    const stuck = countingCheck('db', () => release.promise, { timeout: 100, ttl: 0 });
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always' })], providers: [stuck.provider] });

    const first = await call(app, '/z/health/db');
    assert.equal(first.status, 503);
    assert.equal((first.body as { details: { error: string } }).details.error, 'check did not finish within 100 ms');
    for (let probe = 0; probe < 5; probe++) {
      const again = await call(app, '/z/health/db');
      assert.equal(again.status, 503);
      const details = (again.body as { details: { error: string; runningForMs: number } }).details;
      assert.match(details.error, /^previous execution still running \(for \d+ ms, past its timeout\); not started again until it settles$/);
      assert.ok(details.runningForMs >= 100);
    }
    assert.equal(stuck.executions, 1, 'five more probes started nothing');

    // Once the stuck execution settles, the next request runs the check again.
    release.open();
    await release.promise;
    await new Promise((resolve) => setImmediate(resolve));
    const recovered = await call(app, '/z/health/db');
    assert.equal(recovered.status, 200);
    assert.equal(stuck.executions, 2);
  });

  it('readiness too: a probe storm against a stuck check starts it once', async (t) => {
    const stuck = countingCheck('db', () => new Promise(() => undefined), { timeout: 50, ttl: 0 });
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [stuck.provider] });
    const answers = [];
    for (let probe = 0; probe < 20; probe++) answers.push((await app.request('/z/health/readiness')).status);
    assert.deepEqual(new Set(answers), new Set([503]));
    assert.equal(stuck.executions, 1);
  });
});

onEachAdapter('removing a check while it runs', (adapter) => {
  it("does not let the removed check's late result hide the first failure of a new check of the same name", async (t) => {
    const { logger, messages } = capturingLogger();
    const release = gate();
    const running = gate();
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()] }, { logger });
    t.after(() => app.close());
    const registry = app.app.get(HealthRegistry);
    registry.register({
      name: 'db',
      timeout: 5_000,
      check: async () => {
        running.open();
        await release.promise;
        throw new HealthError('old pool closed');
      },
    });
    const answer = app.request('/z/health/db');
    await running.promise;
    assert.equal(registry.remove('db'), true);
    release.open();
    assert.equal((await answer).status, 503);

    registry.register({ name: 'db', check: () => Promise.reject(new HealthError('new pool refused')) });
    assert.equal((await app.request('/z/health/db')).status, 503);
    const warnings = messages.filter((message) => message.startsWith('warn'));
    assert.deepEqual(warnings, ["warn Health check 'db' is DOWN: new pool refused"]);
  });
});
