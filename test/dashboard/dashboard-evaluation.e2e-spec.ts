import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagementModule } from '../../src/index.js';
import { call, countingCheck, started } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

interface StateComponent {
  name: string;
  status: string | null;
  reason: string | null;
}

async function componentOf(app: Parameters<typeof call>[0], name: string): Promise<StateComponent> {
  const answer = await call(app, '/z/dashboard/state');
  assert.equal(answer.status, 200);
  return (answer.body as { components: StateComponent[] }).components.find((component) => component.name === name)!;
}

onEachAdapter('the dashboard state is evaluated as /health is', (adapter) => {
  it('five viewers reading the state at once within the TTL cause one execution of a check nothing else asks for', async (t) => {
    const slow = countingCheck('search', () => sleep(100).then(() => undefined), { groups: ['backend'], ttl: 60_000 });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true } })],
      providers: [slow.provider],
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => componentOf(app, 'search')));
    assert.deepEqual(
      answers.map((component) => component.status),
      ['UP', 'UP', 'UP', 'UP', 'UP'],
    );
    assert.equal(slow.executions, 1, 'single-flight: one execution for five concurrent readers');
    for (let round = 0; round < 5; round++) await componentOf(app, 'search');
    assert.equal(slow.executions, 1, 'within its TTL, the cached result');
  });

  it('a check that turns DOWN shows DOWN in the first state read once its TTL has passed, with no probe or /health traffic', async (t) => {
    let failing = false;
    const ttl = 300;
    const flaky = countingCheck(
      'payments',
      () => {
        if (failing) throw new Error('payments gateway refused the connection');
      },
      { groups: ['backend'], ttl: { up: ttl, down: ttl } },
    );
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true, refreshInterval: 500 } })],
      providers: [flaky.provider],
    });
    assert.equal((await componentOf(app, 'payments')).status, 'UP');
    failing = true;
    // The page polls every refreshInterval; the first poll after the cached UP's TTL runs the check.
    await sleep(ttl + 50);
    const down = await componentOf(app, 'payments');
    assert.equal(down.status, 'DOWN', 'the first read after the TTL shows the failure');
    assert.equal(down.reason, 'payments gateway refused the connection');
    failing = false;
    await sleep(ttl + 50);
    assert.equal((await componentOf(app, 'payments')).status, 'UP', 'and the recovery likewise');
  });

  it('within its TTL a result is reused, however many reads: the TTL, not the polling, sets what a dependency sees', async (t) => {
    let failing = false;
    const cached = countingCheck(
      'ledger',
      () => {
        if (failing) throw new Error('ledger down');
      },
      { groups: ['backend'], ttl: 60_000 },
    );
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true } })],
      providers: [cached.provider],
    });
    assert.equal((await componentOf(app, 'ledger')).status, 'UP');
    failing = true;
    for (let round = 0; round < 5; round++) assert.equal((await componentOf(app, 'ledger')).status, 'UP');
    assert.equal(cached.executions, 1);
  });

  it('a check with a background interval is read, not run, by the state', async (t) => {
    const background = countingCheck('queue', () => undefined, { groups: ['backend'], interval: 60_000 });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true } })],
      providers: [background.provider],
    });
    await waitUntil('the background run landed', () => componentOf(app, 'queue'), (component) => component.status === 'UP');
    const executed = background.executions;
    await Promise.all(Array.from({ length: 5 }, () => componentOf(app, 'queue')));
    assert.equal(background.executions, executed);
  });

  it('a viewer not allowed to see details gets 403 and runs no check', async (t) => {
    const guarded = countingCheck('ledger', () => undefined, { groups: ['backend'], ttl: 0 });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ authorizer: () => false, dashboard: { enabled: true } })],
      providers: [guarded.provider],
    });
    for (let round = 0; round < 3; round++) assert.equal((await call(app, '/z/dashboard/state')).status, 403);
    assert.equal(guarded.executions, 0);
  });
});
