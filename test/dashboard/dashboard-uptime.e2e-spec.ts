import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagementModule } from '../../src/index.js';
import { call, countingCheck, ISO_INSTANT, started } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

interface StateComponent {
  name: string;
  status: string | null;
  uptime: { share: number | null; since: string | null };
  executions: { at: string; durationMs: number; status: string }[];
}

async function componentOf(app: Parameters<typeof call>[0], name: string): Promise<StateComponent> {
  const body = (await call(app, '/z/dashboard/state')).body as { components: StateComponent[] };
  return body.components.find((component) => component.name === name)!;
}

onEachAdapter('uptime and latency on the dashboard', (adapter) => {
  it('each component has its share of time UP over the history and its latest executions, oldest first', async (t) => {
    let failing = false;
    const flaky = countingCheck(
      'payments',
      async () => {
        await sleep(5);
        if (failing) throw new Error('refused');
      },
      { groups: ['backend'], ttl: 0 },
    );
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true }, history: { executions: 4 } })],
      providers: [flaky.provider],
    });
    const up = await waitUntil('UP is recorded', () => componentOf(app, 'payments'), (component) => component.uptime.share === 1);
    assert.match(String(up.uptime.since), ISO_INSTANT);
    failing = true;
    const down = await waitUntil(
      'some time DOWN is counted',
      () => componentOf(app, 'payments'),
      (component) => component.status === 'DOWN' && component.uptime.share !== null && component.uptime.share < 1,
    );
    assert.ok(down.uptime.share! > 0, 'the time UP still counts');
    await componentOf(app, 'payments');
    const latest = await componentOf(app, 'payments');
    assert.equal(latest.executions.length, 4, 'history.executions of them');
    assert.equal(latest.executions.at(-1)!.status, 'DOWN');
    for (const execution of latest.executions) {
      assert.match(execution.at, ISO_INSTANT);
      assert.ok(Number.isInteger(execution.durationMs) && execution.durationMs >= 0);
    }
    const times = latest.executions.map((execution) => Date.parse(execution.at));
    assert.deepEqual(times, [...times].sort((left, right) => left - right), 'oldest first');
  });

  it('with history.enabled false, there is no uptime and no latency series', async (t) => {
    const check = countingCheck('payments', () => undefined, { groups: ['backend'] });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true }, history: { enabled: false } })],
      providers: [check.provider],
    });
    const component = await componentOf(app, 'payments');
    assert.equal(component.status, 'UP');
    assert.deepEqual(component.uptime, { share: null, since: null });
    assert.deepEqual(component.executions, []);
  });

  it('a bad history.executions stops start-up naming the key', async () => {
    const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ history: { enabled: true, executions: 5000 } })] });
    assert.match(String(error), /'history\.executions' must be a whole number from 0 to 1000, got 5000/);
  });
});
