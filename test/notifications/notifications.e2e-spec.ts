import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Scope } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { HEALTH_CHANGED_EVENT, HealthEvents, ManagementModule, OnHealthChange } from '../../src/index.js';
import type { HealthChange, ManagementModuleOptions } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { call, healthCheckProvider, ISO_INSTANT, started } from '../support/health-fixtures.js';
import { closedPort, suitePeers } from '../support/peer-server.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

/** A package.json naming the application 'orders', so the webhook's text says which service it is. */
function ordersPackage(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'orders-')), 'package.json');
  writeFileSync(path, JSON.stringify({ name: 'orders', version: '1.2.3' }));
  return path;
}

/** A check `db` that fails while `state.failing`, never cached. */
function switchableDb(failureThreshold?: number) {
  const state = { failing: false };
  const provider = healthCheckProvider('db', () => {
    if (state.failing) throw new Error('connection refused');
  }, { ttl: 0, ...(failureThreshold === undefined ? {} : { failureThreshold }) });
  return { state, provider };
}

/** A receiver that keeps each POSTed JSON body and answers with `statuses` in turn (then 200). */
function receiver(statuses: number[] = []) {
  const bodies: unknown[] = [];
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      bodies.push({ method: request.method, contentType: request.headers['content-type'], token: request.headers['x-token'], body: JSON.parse(text) });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  };
  return { bodies, handler };
}

async function notifyingApp(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions, providers: unknown[], imports: unknown[] = []): Promise<TestApp> {
  return started(t, adapter, { imports: [...(imports as never[]), ManagementModule.forRoot({ showDetails: 'always', ...options })], providers: providers as never });
}

onEachAdapter('health change notifications', (adapter) => {
  const peer = suitePeers();

  it('@OnHealthChange methods, HealthEvents.changes and EventEmitter2 receive each change, the same object the history records', async (t) => {
    const received: HealthChange[] = [];
    const components: HealthChange[] = [];
    const emitted: Array<[string, HealthChange]> = [];
    @Injectable()
    class Alerts {
      @OnHealthChange()
      changed(change: HealthChange): void {
        received.push(change);
      }

      @OnHealthChange({ kinds: ['component'] })
      componentChanged(change: HealthChange): Promise<void> {
        components.push(change);
        return Promise.reject(new Error('the pager is down'));
      }
    }
    // A listener of the real @nestjs/event-emitter, as an application would write it.
    @Injectable()
    class HealthListener {
      @OnEvent(HEALTH_CHANGED_EVENT)
      heard(change: HealthChange): void {
        emitted.push([HEALTH_CHANGED_EVENT, change]);
      }
    }
    const db = switchableDb();
    const app = await notifyingApp(t, adapter, { history: { enabled: true } }, [db.provider, Alerts, HealthListener], [EventEmitterModule.forRoot()]);
    const observed: HealthChange[] = [];
    const subscription = app.app.get(HealthEvents).changes.subscribe((change) => observed.push(change));
    t.after(() => subscription.unsubscribe());
    await call(app, '/z/health');
    db.state.failing = true;
    await call(app, '/z/health');
    const isDown = (change: HealthChange) => change.kind === 'component' && change.to === 'DOWN';
    await waitUntil('the handler hears of the DOWN', async () => received, (seen) => seen.some(isDown));
    const down = received.find(isDown)!;
    assert.deepEqual({ ...down, at: 'at', previousDurationMs: 0 }, { kind: 'component', name: 'db', from: 'UP', to: 'DOWN', at: 'at', previousDurationMs: 0, reason: 'connection refused' });
    assert.match(down.at, ISO_INSTANT);
    assert.ok(observed.includes(down), 'the observable delivers the same object');
    assert.ok(emitted.some(([event, change]) => event === HEALTH_CHANGED_EVENT && change === down), "EventEmitter2 emits 'health.changed'");
    assert.deepEqual(components.map(({ from, to }) => `${from}->${to}`), ['null->UP', 'UP->DOWN'], 'a kinds filter, and a rejecting handler keeps receiving');
    assert.ok(received.some((change) => change.kind === 'aggregate' && change.to === 'DOWN'));
    const { transitions } = (await call(app, '/z/health/history')).body as { transitions: HealthChange[] };
    assert.deepEqual(transitions.find(isDown), down);
  });

  it('a decorated method on a request-scoped provider stops start-up naming it', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class ScopedAlerts {
      @OnHealthChange()
      changed(): void {}
    }
    const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot()], providers: [ScopedAlerts] });
    assert.match(String(error), /@OnHealthChange\(\) is on ScopedAlerts\.changed\(\)/);
  });

  it('the webhook POSTs each change as JSON: Slack text, the change and the service', async (t) => {
    const target = receiver();
    const server = await peer(target.handler);
    const db = switchableDb();
    const app = await notifyingApp(t, adapter, {
      info: { packageJson: ordersPackage() },
      notifications: { webhook: { url: `${server.url}/hooks/T0/B0/secret`, headers: { 'x-token': 'abc' } } },
    }, [db.provider]);
    await call(app, '/z/health');
    db.state.failing = true;
    await call(app, '/z/health');
    await waitUntil('the receiver has two POSTs', async () => target.bodies.length, (count) => count >= 2);
    assert.deepEqual(server.requests, ['/hooks/T0/B0/secret', '/hooks/T0/B0/secret'], 'coming up UP is not news: only the failure is sent');
    const [first, second] = target.bodies as Array<{ method: string; contentType: string; token: string; body: { text: string; change: HealthChange; service: string } }>;
    assert.equal(first!.method, 'POST');
    assert.match(first!.contentType, /^application\/json/);
    assert.equal(first!.token, 'abc');
    const { change, text, service } = first!.body;
    assert.deepEqual(Object.keys(first!.body).sort(), ['change', 'service', 'text']);
    assert.equal(service, 'orders');
    assert.deepEqual({ ...change, at: 'at', previousDurationMs: 0 }, { kind: 'component', name: 'db', from: 'UP', to: 'DOWN', at: 'at', previousDurationMs: 0, reason: 'connection refused' });
    assert.equal(text, `[orders] Health check 'db' is DOWN (was UP for ${change.previousDurationMs} ms): connection refused`);
    assert.equal(second!.body.text, `[orders] Overall health is DOWN (was UP for ${second!.body.change.previousDurationMs} ms): db: connection refused`);
  });

  it('a failed POST is retried with backoff until it succeeds', async (t) => {
    const target = receiver([500, 500]);
    const server = await peer(target.handler);
    const db = switchableDb();
    const app = await notifyingApp(t, adapter, { notifications: { webhook: { url: server.url, retryDelay: 10, kinds: ['component'] } } }, [db.provider]);
    db.state.failing = true;
    await call(app, '/z/health/db');
    await waitUntil('the third attempt arrives', async () => target.bodies.length, (count) => count >= 3);
    const changes = target.bodies.map((received) => (received as { body: { change: HealthChange } }).body.change);
    assert.deepEqual(changes.map(({ name, from, to }) => `${name}:${from}->${to}`), ['db:null->DOWN', 'db:null->DOWN', 'db:null->DOWN']);
    db.state.failing = false;
    await call(app, '/z/health/db');
    await waitUntil('the next change follows', async () => target.bodies.length, (count) => count >= 4);
    assert.equal((target.bodies[3] as { body: { change: HealthChange } }).body.change.to, 'UP', 'the retried change was delivered, then the next one once');
  });

  it('a receiver that never answers does not delay probes or checks', async (t) => {
    const pending: ServerResponse[] = [];
    const server = await peer((_request, response) => pending.push(response));
    t.after(() => pending.forEach((response) => response.end()));
    const db = switchableDb();
    const app = await notifyingApp(t, adapter, { notifications: { webhook: { url: server.url, timeout: 60_000 } } }, [db.provider]);
    db.state.failing = true;
    await call(app, '/z/health/db');
    await waitUntil('the webhook POST is open at the receiver', async () => pending.length, (count) => count >= 1);
    for (let probe = 0; probe < 3; probe++) {
      db.state.failing = probe % 2 === 0;
      assert.equal((await call(app, '/z/health/readiness')).status, db.state.failing ? 503 : 200, 'the probe answers, running its check, while the POST hangs');
    }
    assert.equal(pending.length, 1, 'the POST is still open: later changes wait in the queue');
    assert.ok(pending.every((response) => !response.writableEnded));
  });

  it('a flapping check below its failure threshold sends nothing; reaching it sends one change', async (t) => {
    const target = receiver();
    const server = await peer(target.handler);
    const db = switchableDb(3);
    const app = await notifyingApp(t, adapter, { notifications: { webhook: { url: server.url, kinds: ['component'] } } }, [db.provider]);
    await call(app, '/z/health/db');
    for (let round = 0; round < 6; round++) {
      db.state.failing = round % 3 !== 2;
      assert.equal((await call(app, '/z/health/db')).status, 200);
    }
    db.state.failing = true;
    await call(app, '/z/health/db');
    await call(app, '/z/health/db');
    assert.equal((await call(app, '/z/health/db')).status, 503);
    await waitUntil('the DOWN is sent', async () => target.bodies.length, (count) => count >= 1);
    assert.deepEqual(target.bodies.map((received) => (received as { body: { change: HealthChange } }).body.change.to), ['DOWN']);
  });

  it('a change to UNKNOWN is no news, nor is a change back to the status last sent', async (t) => {
    const target = receiver();
    const server = await peer(target.handler);
    const db = { status: 'DOWN' };
    const app = await notifyingApp(t, adapter, { notifications: { webhook: { url: server.url, kinds: ['component'] } } }, [
      healthCheckProvider('db', () => ({ status: db.status as 'UP' }), { ttl: 0 }),
    ]);
    for (const status of ['DOWN', 'UNKNOWN', 'DOWN', 'UNKNOWN', 'UP']) {
      db.status = status;
      await call(app, '/z/health/db');
    }
    const changeOf = (received: unknown) => (received as { body: { change: HealthChange } }).body.change;
    // Sent in order: once the UP arrives, everything queued before it has too.
    await waitUntil('the UP is sent', async () => target.bodies.map(changeOf), (seen) => seen.some((change) => change.to === 'UP'));
    assert.deepEqual(target.bodies.map(changeOf).map(({ from, to }) => `${from}->${to}`), ['null->DOWN', 'UNKNOWN->UP']);
  });

  it('minimumInterval holds changes of the same component back and sends only the latest', async (t) => {
    const target = receiver();
    const server = await peer(target.handler);
    const db = switchableDb();
    const cache = { failing: false };
    const cacheCheck = healthCheckProvider('cache', () => !cache.failing, { ttl: 0 });
    const app = await notifyingApp(t, adapter, { notifications: { webhook: { url: server.url, minimumInterval: 2_000, kinds: ['component'] } } }, [db.provider, cacheCheck]);
    await call(app, '/z/health');
    for (const failing of [true, false, true, false]) {
      db.state.failing = failing;
      await call(app, '/z/health/db');
    }
    const changeOf = (received: unknown) => (received as { body: { change: HealthChange } }).body.change;
    await waitUntil('the held UP is sent once the interval is over', async () => target.bodies.map(changeOf), (seen) => seen.some((change) => change.to === 'UP'));
    cache.failing = true;
    await call(app, '/z/health/cache');
    // Sent in order: once the cache's change arrives, everything about db queued before it has too.
    await waitUntil('the cache change arrives', async () => target.bodies.map(changeOf), (seen) => seen.some((change) => change.name === 'cache'));
    assert.deepEqual(target.bodies.map(changeOf).map(({ name, to }) => `${name}:${to}`), ['db:DOWN', 'db:UP', 'cache:DOWN']);
  });

  it('a webhook that keeps failing is logged with its origin only, never its path or query', async () => {
    const { logger, messages } = capturingLogger();
    const url = `http://127.0.0.1:${await closedPort()}/services/T0/B0/s3cr3t?token=hidden`;
    const db = switchableDb();
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ notifications: { webhook: { url, retries: 1, retryDelay: 1, kinds: ['component'] } } })],
      providers: [db.provider],
    }, { logger });
    try {
      db.state.failing = true;
      await call(app, '/z/health/db');
      const logged = await waitUntil('the failure is logged', async () => messages.filter((line) => line.includes('webhook')), (lines) => lines.length > 0);
      assert.match(logged[0]!, /^warn The health webhook to http:\/\/127\.0\.0\.1:\d+\/… failed after 2 attempts; this change is dropped: ECONNREFUSED$/);
      assert.ok(messages.every((line) => !line.includes('s3cr3t') && !line.includes('hidden')));
    } finally {
      await app.close();
    }
  });

  it('bad webhook options stop start-up naming the key', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ url: 'ftp://x' }, /notifications\.webhook\.url/],
      [{ url: 'http://x', retries: -1 }, /notifications\.webhook\.retries/],
      [{ url: 'http://x', timeout: 0 }, /notifications\.webhook\.timeout/],
      [{ url: 'http://x', kinds: ['everything'] }, /notifications\.webhook\.kinds/],
      [{ url: 'http://x', sound: 'bell' }, /notifications\.webhook\.sound/],
    ];
    for (const [webhook, message] of cases) {
      const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ notifications: { webhook: webhook as never } })] });
      assert.match(String(error), message);
    }
  });
});
