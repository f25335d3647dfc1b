import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { HealthEvents, HealthRegistry, ManagementModule } from '../../src/index.js';
import { WebhookNotifier } from '../../src/notifications/webhook-notifier.js';
import { call, healthCheckProvider, started } from '../support/health-fixtures.js';
import { suitePeers } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';
import { webhookTexts } from '../support/webhook-receiver.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const CHECKS = 2_000;
const BATCH = 100;

/** The keys of a private map of `instance`: what the test watches for state left behind. */
function keysOf(instance: unknown, field: string): string[] {
  return [...(instance as Record<string, Map<string, unknown>>)[field]!.keys()];
}

/** Everything kept per name, as counts. */
function footprint(app: TestApp) {
  const notifier = app.app.get(WebhookNotifier);
  const events = app.app.get(HealthEvents);
  return {
    checks: app.app.get(HealthRegistry).all().length,
    groups: app.app.get(HealthRegistry).groupNames().length,
    statusesSeen: keysOf(events, 'seen').length,
    webhookLastSent: keysOf(notifier, 'lastSent').length,
    // A change held back by minimumInterval (the aggregate's, say) is kept until it is due; never one of a removed check.
    heldOfRemoved: keysOf(notifier, 'held').filter((key) => key.includes('tenant-')).length,
  };
}

/** Registers `count` checks (every tenth DOWN, each in a group of its own), runs each over HTTP and removes it. */
async function churn(app: TestApp, from: number, count: number, removed: WeakRef<object>[]): Promise<void> {
  const registry = app.app.get(HealthRegistry);
  for (let start = from; start < from + count; start += BATCH) {
    const names = Array.from({ length: Math.min(BATCH, from + count - start) }, (_, offset) => `tenant-${start + offset}`);
    for (const name of names) {
      const failing = Number(name.slice('tenant-'.length)) % 10 === 0;
      const check = registry.register({
        name,
        groups: [`${name}-group`],
        ttl: 0,
        check: () => {
          if (failing) throw new Error('tenant database unreachable');
        },
      });
      removed.push(new WeakRef(check));
    }
    const answers = await Promise.all(names.map((name) => call(app, `/z/health/${name}`)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200, 503]));
    // Removed in the turn their results landed, before the changes they made are delivered.
    for (const name of names) assert.equal(registry.remove(name), true);
  }
}

/** The series of a scrape, without values: what must come back to its size. */
async function series(app: TestApp): Promise<string[]> {
  const text = (await call(app, '/z/prometheus')).text;
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.slice(0, line.lastIndexOf(' ')));
}

onEachAdapter('checks added and removed at run time', (adapter) => {
  const peer = suitePeers();

  it(`leave nothing behind: after ${CHECKS} checks are registered, run and removed, every per-check structure and the scrape are back to where they started`, async (t) => {
    const { texts: posted, handler } = webhookTexts();
    const receiver = await peer(handler);
    const app = await started(t, adapter, {
      imports: [
        ManagementModule.forRoot({
          showDetails: 'always',
          prometheus: { enabled: true, registry: new Registry() },
          history: { enabled: true, capacity: 50 },
          notifications: { webhook: { url: receiver.url, minimumInterval: 60_000, kinds: ['component', 'group', 'aggregate'] } },
        }),
      ],
      providers: [healthCheckProvider('db', () => true)],
    });
    const removed: WeakRef<object>[] = [];
    // One round first, so that what is kept for the aggregate and the built-in groups is there at the start.
    await churn(app, 0, BATCH, removed);
    await waitUntil('the first round is delivered', async () => footprint(app).webhookLastSent, (size) => size <= 4);
    const before = footprint(app);
    const seriesBefore = await series(app);
    const sentBefore = posted.length;
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;

    await churn(app, BATCH, CHECKS, removed);
    const after = await waitUntil('the changes of removed checks are delivered and forgotten', async () => footprint(app), (now) => now.webhookLastSent === before.webhookLastSent);

    assert.deepEqual(after, before);
    const seriesAfter = await series(app);
    assert.deepEqual(seriesAfter, seriesBefore, 'no series names a removed check');
    assert.ok(posted.length > sentBefore, 'the failing checks were notified while they existed');
    const alive = await waitUntil('every removed check is garbage', async () => {
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
      return removed.filter((reference) => reference.deref() !== undefined).length;
    }, (count) => count === 0);
    assert.equal(alive, 0);
    collectGarbage();
    t.diagnostic(`heap: ${Math.round(heapBefore / 1024)} KB before, ${Math.round(process.memoryUsage().heapUsed / 1024)} KB after ${CHECKS} checks; ${seriesAfter.length} series`);
  });
});
