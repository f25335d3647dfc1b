import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationAvailability, ManagementModule } from '../../src/index.js';
import type { HealthChange, ManagementModuleOptions } from '../../src/index.js';
import { call, countingCheck, healthCheckProvider, ISO_INSTANT, started } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

interface HistoryBody {
  capacity: number;
  transitions: HealthChange[];
}

const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';

async function history(app: TestApp): Promise<HistoryBody> {
  const answer = await call(app, '/z/health/history');
  assert.equal(answer.status, 200);
  return answer.body as HistoryBody;
}

/** Waits until the history holds a change matching `wanted`, and returns it. */
async function changeOf(app: TestApp, wanted: Partial<HealthChange>): Promise<HealthChange> {
  const body = await waitUntil(`the history records ${JSON.stringify(wanted)}`, () => history(app), (seen) =>
    seen.transitions.some((change) => matches(change, wanted)),
  );
  return body.transitions.find((change) => matches(change, wanted))!;
}

function matches(change: HealthChange, wanted: Partial<HealthChange>): boolean {
  return Object.entries(wanted).every(([key, value]) => change[key as keyof HealthChange] === value);
}

/** A check whose outcome the test switches. */
function switchable(name: string, options: { ttl?: number } = { ttl: 0 }) {
  const state = { failing: false };
  const provider = healthCheckProvider(name, () => {
    if (state.failing) throw new Error('connection refused');
  }, options);
  return { state, provider };
}

function historyApp(t: Parameters<typeof started>[0], adapter: 'express' | 'fastify', options: ManagementModuleOptions, providers: unknown[]) {
  return started(t, adapter, { imports: [ManagementModule.forRoot(options)], providers: providers as never });
}

onEachAdapter('GET /health/history', (adapter) => {
  it('is off by default: 404 naming the option, and the discovery page does not list it', async (t) => {
    const app = await historyApp(t, adapter, { showDetails: 'always' }, []);
    const answer = await call(app, '/z/health/history');
    assert.equal(answer.status, 404);
    assert.equal(answer.cacheControl, 'no-store');
    assert.match((answer.body as { message: string }).message, /history\.enabled/);
    const links = (await call(app, '/z')).body as { _links: Record<string, unknown> };
    assert.equal(links._links.history, undefined);
  });

  it('when enabled, answers 403 to a request that may not see details and 200 to one that may', async (t) => {
    const app = await historyApp(t, adapter, { authorizer: byToken, history: { enabled: true } }, []);
    const refused = await call(app, '/z/health/history');
    assert.equal(refused.status, 403);
    const accepted = await call(app, '/z/health/history', { headers: { 'x-token': 'open-sesame' } });
    assert.equal(accepted.status, 200);
    assert.equal((accepted.body as HistoryBody).capacity, 500, 'the default capacity');
    const links = (await call(app, '/z')).body as { _links: Record<string, { href: string }> };
    assert.equal(links._links.history?.href, `${app.baseUrl}/z/health/history`);
  });

  it('records the first status of each component, group and the aggregate, then every change with its reason, newest first', async (t) => {
    const db = switchable('db');
    const app = await historyApp(t, adapter, { showDetails: 'always', history: { enabled: true } }, [db.provider]);
    assert.equal((await call(app, '/z/health')).status, 200);
    const firstDb = await changeOf(app, { kind: 'component', name: 'db', to: 'UP' });
    assert.deepEqual({ ...firstDb, at: 'at' }, { kind: 'component', name: 'db', from: null, to: 'UP', at: 'at', previousDurationMs: null });
    assert.match(firstDb.at, ISO_INSTANT);
    // Until db has a result nothing decisive is known: the aggregate was UNKNOWN, if it was seen at all.
    const firstAll = await changeOf(app, { kind: 'aggregate', name: 'all', to: 'UP' });
    assert.ok(firstAll.from === null || firstAll.from === 'UNKNOWN', `came up from ${firstAll.from}`);
    await changeOf(app, { kind: 'group', name: 'readiness', to: 'UP' });

    db.state.failing = true;
    assert.equal((await call(app, '/z/health')).status, 503);
    const down = await changeOf(app, { kind: 'component', name: 'db', from: 'UP', to: 'DOWN' });
    assert.equal(down.reason, 'connection refused');
    assert.equal(typeof down.previousDurationMs, 'number');
    assert.ok(down.previousDurationMs! >= 0);
    assert.ok(Date.parse(down.at) >= Date.parse(firstDb.at));
    const all = await changeOf(app, { kind: 'aggregate', name: 'all', from: 'UP', to: 'DOWN' });
    assert.equal(all.reason, 'db: connection refused');
    const readiness = await changeOf(app, { kind: 'group', name: 'readiness', from: 'UP', to: 'DOWN' });
    assert.equal(readiness.reason, 'db: connection refused');

    const { transitions } = await history(app);
    const times = transitions.map((change) => Date.parse(change.at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.ok(transitions.findIndex((change) => matches(change, down)) < transitions.findIndex((change) => matches(change, firstDb)));
    assert.equal(transitions.filter((change) => change.kind === 'component').length, 2, 'a result with the same status is no change');
  });

  it('works groups out from the latest results without running a check again', async (t) => {
    const db = countingCheck('db', () => true, { ttl: 0, groups: ['readiness', 'storage'] });
    const app = await historyApp(t, adapter, { showDetails: 'always', history: { enabled: true } }, [db.provider]);
    await call(app, '/z/health');
    const before = db.executions;
    await changeOf(app, { kind: 'group', name: 'storage', to: 'UP' });
    await changeOf(app, { kind: 'aggregate', name: 'all', to: 'UP' });
    assert.equal(db.executions, before, 'recording the groups ran nothing');
  });

  it("follows the application's own availability: refusing traffic is a readiness change with its reason", async (t) => {
    const app = await historyApp(t, adapter, { showDetails: 'always', history: { enabled: true } }, []);
    await changeOf(app, { kind: 'group', name: 'readiness', to: 'UP' });
    app.app.get(ApplicationAvailability).refuseTraffic('cache warm-up');
    const refused = await changeOf(app, { kind: 'group', name: 'readiness', from: 'UP', to: 'OUT_OF_SERVICE' });
    assert.equal(refused.reason, 'readinessState: cache warm-up');
  });

  it('keeps only the newest `capacity` changes', async (t) => {
    const db = switchable('db');
    const app = await historyApp(t, adapter, { showDetails: 'always', history: { enabled: true, capacity: 3 } }, [db.provider]);
    await call(app, '/z/health');
    await changeOf(app, { kind: 'aggregate', name: 'all', to: 'UP' });
    db.state.failing = true;
    await call(app, '/z/health');
    await changeOf(app, { kind: 'aggregate', name: 'all', from: 'UP', to: 'DOWN' });
    const body = await history(app);
    assert.equal(body.capacity, 3);
    assert.deepEqual(
      body.transitions.map(({ kind, name, from, to }) => ({ kind, name, from, to })),
      [
        { kind: 'aggregate', name: 'all', from: 'UP', to: 'DOWN' },
        { kind: 'group', name: 'readiness', from: 'UP', to: 'DOWN' },
        { kind: 'component', name: 'db', from: 'UP', to: 'DOWN' },
      ],
    );
  });

  it("no check or group may be named 'history', and a bad capacity stops start-up naming the key", async () => {
    const named = await bootstrapError(adapter, { imports: [ManagementModule.forRoot()], providers: [healthCheckProvider('history', () => true)] });
    assert.match(String(named), /'history' is reserved/);
    const capacity = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ history: { enabled: true, capacity: 0 } })] });
    assert.match(String(capacity), /history\.capacity/);
  });
});
