import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManagementModule } from '../../src/index.js';
import type { HealthChange } from '../../src/index.js';
import { call, healthCheckProvider, started } from '../support/health-fixtures.js';
import { suitePeers } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';
import { webhookTexts } from '../support/webhook-receiver.js';

/**
 * What each reader of the latest results says the overall status is. (The dashboard is not one:
 * its state evaluates the checks as /health does, so it never has a check without a result.)
 */
async function readers(app: TestApp) {
  const metrics = (await call(app, '/z/prometheus')).text;
  const gauge = metrics.split('\n').find((line) => line.startsWith('health_status{') && line.endsWith(' 1'));
  const history = (await call(app, '/z/health/history')).body as { transitions: HealthChange[] };
  return {
    metrics: /status="(\w+)"/.exec(gauge ?? '')?.[1],
    history: history.transitions.find((change) => change.kind === 'aggregate')?.to,
  };
}

onEachAdapter('the overall status while some checks have no result yet', (adapter) => {
  const peer = suitePeers();

  it('is DOWN for every reader once a critical check is known DOWN, UNKNOWN while nothing decisive is known, and only DOWN is notified', async (t) => {
    const { texts: posted, handler } = webhookTexts();
    const receiver = await peer(handler);
    // A service dependency is in /health only, so no probe ever runs it: it stays without a result.
    const dependency = await peer((_request, response) => response.writeHead(200).end('{"status":"UP"}'));
    const db = { failing: false };
    const app = await started(t, adapter, {
      imports: [
        ManagementModule.forRoot({
          showDetails: 'always',
          ttl: 0,
          serviceDependencies: { users_api: dependency.url },
          prometheus: { enabled: true, registry: new Registry() },
          history: { enabled: true },
          notifications: { webhook: { url: receiver.url, kinds: ['aggregate'] } },
        }),
      ],
      providers: [healthCheckProvider('db', () => db.failing ? Promise.reject(new Error('connection refused')) : undefined)],
    });

    assert.equal((await call(app, '/z/health/readiness')).status, 200);
    const undecided = await waitUntil('the aggregate is seen', () => readers(app), (seen) => seen.history !== undefined);
    assert.deepEqual(undecided, { metrics: 'UNKNOWN', history: 'UNKNOWN' }, 'db is UP, users_api could still be DOWN');

    db.failing = true;
    const readiness = await call(app, '/z/health/readiness');
    assert.equal(readiness.status, 503);
    const down = await waitUntil('the aggregate is DOWN in the history', () => readers(app), (seen) => seen.history === 'DOWN');
    assert.deepEqual(down, { metrics: 'DOWN', history: 'DOWN' });
    const sent = await waitUntil('the webhook is told', async () => posted, (texts) => texts.length > 0);
    // POSTs go out in order, so an UNKNOWN sent earlier would have arrived first.
    assert.match(sent[0]!, /Overall health is DOWN \(was UNKNOWN for [^)]+\): db: connection refused$/);
    assert.equal(dependency.requests.length, 0, 'nothing ran the dependency');
  });
});
