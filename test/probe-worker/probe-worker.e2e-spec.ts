import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Type } from '@nestjs/common';
import { ApplicationAvailability, HealthError, HealthRegistry, ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider, withoutTiming } from '../support/health-fixtures.js';
import { readAnswer } from '../support/read-answer.js';
import type { FullAnswer } from '../support/read-answer.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** The endpoints the worker answers by itself. */
const PROBES = ['liveness', 'ping', 'readiness', 'startup'] as const;
type Probe = (typeof PROBES)[number];

/** An app whose management port is served by the probe worker, and where that port is. */
interface WorkerApp {
  readonly app: TestApp;
  readonly url: string;
}

async function startWorkerApp(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions, providers: Type[] = []): Promise<WorkerApp> {
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', ...options })], providers });
  t.after(() => app.close());
  const server = app.app.get(ManagementServer);
  assert.equal(server.usesWorker, true, 'the probe worker serves the management port');
  assert.match(String(server.url), /^http:\/\/127\.0\.0\.1:\d+$/);
  return { app, url: server.url! };
}

/** The same application without a management port: the endpoints answer on its main port. */
async function startPlainApp(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions, providers: Type[] = []): Promise<TestApp> {
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot(options)], providers });
  t.after(() => app.close());
  return app;
}

/** Waits until the worker's `probe` answers `status` (its answers follow the main thread's shortly after). */
function workerAnswers(worker: WorkerApp, probe: Probe, status: number): Promise<FullAnswer> {
  return waitUntil(`the worker's ${probe} answers ${status}`, () => readAnswer(`${worker.url}/z/health/${probe}`), (answer) => answer.status === status);
}

/** Asserts that `probe` answers exactly the same on the worker's port and on the plain app's main port, to GET and to HEAD. */
async function assertSameAnswer(worker: WorkerApp, plain: TestApp, probe: Probe, expected: { status: number; text: string }): Promise<void> {
  const path = `/z/health/${probe}`;
  const fromWorker = await workerAnswers(worker, probe, expected.status);
  const fromMain = await readAnswer(`${plain.baseUrl}${path}`);
  assert.deepEqual({ status: fromMain.status, text: fromMain.text }, expected, `${probe} on the main port`);
  assert.deepEqual(withoutParsedBody(fromWorker), withoutParsedBody(fromMain), `${probe}: the worker answers byte for byte what the main port does`);
  assert.equal(fromWorker.contentType, JSON_TYPE);
  assert.equal(fromWorker.cacheControl, 'no-store');

  const headWorker = await readAnswer(`${worker.url}${path}`, { method: 'HEAD' });
  const headMain = await readAnswer(`${plain.baseUrl}${path}`, { method: 'HEAD' });
  assert.deepEqual(withoutParsedBody(headWorker), withoutParsedBody(headMain), `HEAD ${probe}: the same as on the main port`);
  assert.equal(headWorker.status, expected.status);
  assert.equal(headWorker.text, '', 'HEAD has no body');
  assert.equal(headWorker.cacheControl, 'no-store');
}

function withoutParsedBody({ body: _body, ...rest }: FullAnswer): Omit<FullAnswer, 'body'> {
  return rest;
}

/** A health body with the moving parts (checkedAt, durationMs) of each timed component taken out. */
function untimed(body: unknown): unknown {
  const { components, ...rest } = body as { components?: Record<string, Record<string, unknown>> };
  if (!components) return rest;
  const stable = Object.fromEntries(Object.entries(components).map(([name, component]) => [name, 'checkedAt' in component ? withoutTiming(component) : component]));
  return { ...rest, components: stable };
}

function headerOf(request: unknown, name: string): unknown {
  const raw = request as { headers?: Record<string, unknown>; raw?: { headers?: Record<string, unknown> } };
  return (raw.headers ?? raw.raw?.headers)?.[name];
}

onEachAdapter('probe worker on the management port', (adapter) => {
  describe('what it serves', () => {
    it('answers liveness, ping, readiness and startup itself and forwards every other request to the application', async (t) => {
      const worker = await startWorkerApp(t, adapter, { version: '7.0.0' }, [healthCheckProvider('db', () => true)]);
      for (const probe of PROBES) {
        const answer = await workerAnswers(worker, probe, 200);
        assert.equal(answer.text, '{"status":"UP"}', probe);
        assert.equal(answer.contentType, JSON_TYPE);
        assert.equal(answer.cacheControl, 'no-store');
      }

      const health = await readAnswer(`${worker.url}/z/health`);
      assert.equal(health.status, 200);
      assert.equal(health.cacheControl, 'no-store');
      assert.deepEqual(health.body, { status: 'UP', components: { db: { status: 'UP' } }, groups: ['liveness', 'readiness', 'startup'] });

      const version = await readAnswer(`${worker.url}/z/version`);
      assert.equal(version.status, 200);
      assert.equal(version.contentType, 'text/plain; charset=utf-8');
      assert.equal(version.text, '7.0.0');

      const one = await readAnswer(`${worker.url}/z/health/db`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, { status: 'UP' });
      const unknownComponent = await readAnswer(`${worker.url}/z/health/nope`);
      assert.equal(unknownComponent.status, 404);
      assert.deepEqual(unknownComponent.body, { statusCode: 404, error: 'Not Found', message: "No health component or group is named 'nope'." });
    });

    it("an unknown path is a 404 in Nest's own shape, the same as the application's", async (t) => {
      const worker = await startWorkerApp(t, adapter, {});
      const fromWorker = await readAnswer(`${worker.url}/z/nope`);
      assert.equal(fromWorker.status, 404);
      assert.equal(fromWorker.contentType, JSON_TYPE);
      assert.equal(fromWorker.cacheControl, 'no-store');
      assert.deepEqual(fromWorker.body, { message: 'Cannot GET /z/nope', error: 'Not Found', statusCode: 404 });
      const fromApplication = await readAnswer(`${worker.app.baseUrl}/z/nope`);
      assert.equal(fromApplication.status, 404);
      assert.deepEqual(fromWorker.body, fromApplication.body, "the application's own port answers the same body");
      assert.equal((await readAnswer(`${worker.url}/elsewhere`)).status, 404, 'outside the base path too');
    });

    it("with probes.worker false the management port is served on the main thread and still serves everything", async (t) => {
      const app = await startApp(adapter, {
        imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', version: '7.0.0', probes: { worker: false } })],
        providers: [healthCheckProvider('db', () => true)],
      });
      t.after(() => app.close());
      const server = app.app.get(ManagementServer);
      assert.equal(server.usesWorker, false);
      assert.match(String(server.url), /^http:\/\/127\.0\.0\.1:\d+$/);
      for (const probe of PROBES) {
        const answer = await waitUntil(`${probe} answers 200`, () => readAnswer(`${server.url}/z/health/${probe}`), (seen) => seen.status === 200);
        assert.equal(answer.text, '{"status":"UP"}');
        assert.equal(answer.cacheControl, 'no-store');
      }
      assert.deepEqual((await readAnswer(`${server.url}/z/health`)).body, {
        status: 'UP',
        components: { db: { status: 'UP' } },
        groups: ['liveness', 'readiness', 'startup'],
      });
      assert.equal((await readAnswer(`${server.url}/z/version`)).text, '7.0.0');
      assert.equal((await readAnswer(`${app.baseUrl}/z/health`)).status, 404, 'not on the main port');
    });
  });

  describe('the same answers as the main thread', () => {
    it('UP: every probe answers the same bytes, headers and status as the main port of the same app without a port', async (t) => {
      const providers = () => [healthCheckProvider('db', () => true, { groups: ['readiness', 'startup'] })];
      const worker = await startWorkerApp(t, adapter, {}, providers());
      const plain = await startPlainApp(t, adapter, {}, providers());
      for (const probe of PROBES) await assertSameAnswer(worker, plain, probe, { status: 200, text: '{"status":"UP"}' });
    });

    it('DOWN: a failing critical check and a broken application answer the same on the worker as on the main port', async (t) => {
      const state = { healthy: true };
      const providers = () => [healthCheckProvider('db', () => state.healthy, { groups: ['readiness', 'startup'], ttl: 0 })];
      const worker = await startWorkerApp(t, adapter, {}, providers());
      const plain = await startPlainApp(t, adapter, {}, providers());
      await workerAnswers(worker, 'startup', 200);
      state.healthy = false;
      for (const app of [worker.app, plain]) app.app.get(ApplicationAvailability).markBroken('test');
      for (const probe of PROBES) await assertSameAnswer(worker, plain, probe, { status: 503, text: '{"status":"DOWN"}' });
    });

    it('OUT_OF_SERVICE: an application refusing traffic answers the same readiness on the worker as on the main port', async (t) => {
      const providers = () => [healthCheckProvider('db', () => true)];
      const worker = await startWorkerApp(t, adapter, {}, providers());
      const plain = await startPlainApp(t, adapter, {}, providers());
      await workerAnswers(worker, 'readiness', 200);
      for (const app of [worker.app, plain]) app.app.get(ApplicationAvailability).refuseTraffic();
      await assertSameAnswer(worker, plain, 'readiness', { status: 503, text: '{"status":"OUT_OF_SERVICE"}' });
      for (const probe of ['liveness', 'ping', 'startup'] as const) await assertSameAnswer(worker, plain, probe, { status: 200, text: '{"status":"UP"}' });
    });

    it("with showDetails 'always' the worker's readiness and startup bodies have the main port's components and details", async (t) => {
      const providers = () => [
        healthCheckProvider('db', () => ({ details: { rows: 1 } }), { groups: ['readiness', 'startup'] }),
        healthCheckProvider(
          'cache',
          () => {
            throw new HealthError('cache unreachable', { host: 'cache-1' });
          },
          { critical: false },
        ),
      ];
      const worker = await startWorkerApp(t, adapter, { showDetails: 'always' }, providers());
      const plain = await startPlainApp(t, adapter, { showDetails: 'always' }, providers());
      await workerAnswers(worker, 'readiness', 200);
      for (const probe of ['readiness', 'startup'] as const) {
        const fromWorker = await readAnswer(`${worker.url}/z/health/${probe}`);
        const fromMain = await readAnswer(`${plain.baseUrl}/z/health/${probe}`);
        assert.equal(fromWorker.status, fromMain.status);
        assert.equal(fromWorker.contentType, fromMain.contentType);
        assert.equal(fromWorker.cacheControl, 'no-store');
        assert.deepEqual(untimed(fromWorker.body), untimed(fromMain.body), probe);
      }
      assert.deepEqual(untimed((await readAnswer(`${worker.url}/z/health/readiness`)).body), {
        status: 'UP',
        components: {
          db: { status: 'UP', details: { rows: 1 } },
          cache: { status: 'DOWN', details: { host: 'cache-1', error: 'cache unreachable' } },
          readinessState: { status: 'UP' },
        },
      });
      assert.equal((await readAnswer(`${worker.url}/z/health/liveness`)).text, '{"status":"UP"}', 'liveness stays terse');
    });
  });

  describe('the IP allow-list', () => {
    it("with scope 'all' a client outside the list gets the main thread's 403 from every probe on the worker", async (t) => {
      const options: ManagementModuleOptions = { access: { allow: ['10.0.0.0/8'], scope: 'all' } };
      const worker = await startWorkerApp(t, adapter, options);
      const plain = await startPlainApp(t, adapter, options);
      const forbidden = JSON.stringify({ statusCode: 403, error: 'Forbidden', message: 'This client address may not use the management endpoints.' });
      for (const probe of PROBES) await assertSameAnswer(worker, plain, probe, { status: 403, text: forbidden });
      const health = await readAnswer(`${worker.url}/z/health`);
      assert.equal(health.status, 403, 'forwarded endpoints refuse it too');
      assert.equal(health.text, forbidden);
    });

    it("with scope 'all' a client on the list ('loopback') is answered as on the main port, details included", async (t) => {
      // With an allow-list and no authorizer, 'when-authorized' shows details to the clients on the list.
      const options: ManagementModuleOptions = { access: { allow: ['loopback'], scope: 'all' } };
      const worker = await startWorkerApp(t, adapter, options);
      const plain = await startPlainApp(t, adapter, options);
      for (const probe of ['liveness', 'ping'] as const) await assertSameAnswer(worker, plain, probe, { status: 200, text: '{"status":"UP"}' });
      await assertSameAnswer(worker, plain, 'readiness', { status: 200, text: '{"status":"UP","components":{"readinessState":{"status":"UP"}}}' });
      await assertSameAnswer(worker, plain, 'startup', { status: 200, text: '{"status":"UP","components":{"startupState":{"status":"UP"}}}' });
      assert.equal((await readAnswer(`${worker.url}/z/health`)).status, 200);
    });
  });

  describe('readiness follows the application', () => {
    it('turns OUT_OF_SERVICE when the application refuses traffic and UP when it accepts it again', async (t) => {
      const worker = await startWorkerApp(t, adapter, {}, [healthCheckProvider('db', () => true)]);
      await workerAnswers(worker, 'readiness', 200);
      const availability = worker.app.app.get(ApplicationAvailability);
      availability.refuseTraffic();
      assert.equal((await workerAnswers(worker, 'readiness', 503)).text, '{"status":"OUT_OF_SERVICE"}');
      assert.equal((await readAnswer(`${worker.url}/z/health/liveness`)).status, 200, 'liveness does not follow readiness');
      availability.acceptTraffic();
      assert.equal((await workerAnswers(worker, 'readiness', 200)).text, '{"status":"UP"}');
    });

    it('turns DOWN when a background check starts failing, with no request reaching the main thread', async (t) => {
      const state = { healthy: true };
      const worker = await startWorkerApp(t, adapter, {}, [healthCheckProvider('db', () => state.healthy, { interval: 50 })]);
      await workerAnswers(worker, 'readiness', 200);
      state.healthy = false;
      assert.equal((await workerAnswers(worker, 'readiness', 503)).text, '{"status":"DOWN"}');
      state.healthy = true;
      assert.equal((await workerAnswers(worker, 'readiness', 200)).text, '{"status":"UP"}');
    });

    it('turns DOWN when a failing readiness check is registered at run time, and UP as soon as it is removed', async (t) => {
      // No readiness check before, so the published answer never goes stale by itself, and the
      // failure is cached for a minute: only the registration and the removal can change it.
      const worker = await startWorkerApp(t, adapter, {});
      await workerAnswers(worker, 'readiness', 200);
      const registry = worker.app.app.get(HealthRegistry);
      registry.register({ name: 'late', check: () => false, ttl: 60_000 });
      assert.equal((await workerAnswers(worker, 'readiness', 503)).text, '{"status":"DOWN"}');
      registry.remove('late');
      assert.equal((await workerAnswers(worker, 'readiness', 200)).text, '{"status":"UP"}');
    });
  });

  describe('requests with credentials', () => {
    it('are forwarded when an authorizer is configured, so an authorized client sees details; a bare probe gets the terse body from the worker', async (t) => {
      const asked: unknown[] = [];
      const authorizer = (request: unknown) => {
        asked.push(headerOf(request, 'authorization'));
        return headerOf(request, 'authorization') === 'Bearer admin';
      };
      const worker = await startWorkerApp(t, adapter, { authorizer }, [healthCheckProvider('db', () => true)]);
      const readiness = `${worker.url}/z/health/readiness`;
      // Until the main thread has published its answers, the worker forwards probes; wait for them.
      await waitUntil(
        'the worker answers readiness without asking the authorizer',
        async () => {
          const before = asked.length;
          const answer = await readAnswer(readiness);
          return answer.status === 200 && asked.length === before;
        },
        (answeredByWorker) => answeredByWorker,
      );
      asked.length = 0;
      for (let probe = 0; probe < 5; probe++) assert.equal((await readAnswer(readiness)).text, '{"status":"UP"}');
      assert.deepEqual(asked, [], 'a bare probe never reaches the authorizer');

      const authorized = await readAnswer(readiness, { headers: { authorization: 'Bearer admin' } });
      assert.equal(authorized.status, 200);
      assert.equal(authorized.cacheControl, 'no-store');
      assert.deepEqual(untimed(authorized.body), { status: 'UP', components: { db: { status: 'UP' }, readinessState: { status: 'UP' } } });
      assert.deepEqual(asked, ['Bearer admin'], 'the authorizer saw the forwarded credentials');

      const refused = await readAnswer(readiness, { headers: { authorization: 'Bearer someone' } });
      assert.equal(refused.status, 200);
      assert.equal(refused.text, '{"status":"UP"}', 'a client the authorizer refuses gets the terse body');
      assert.deepEqual(asked, ['Bearer admin', 'Bearer someone']);
    });
  });

  describe('freshness and failure', () => {
    it('with caching off and an idle application, the first probe after a change already sees it', async (t) => {
      const state = { healthy: true };
      const worker = await startWorkerApp(t, adapter, {}, [healthCheckProvider('db', () => state.healthy, { ttl: 0 })]);
      await workerAnswers(worker, 'readiness', 200);
      const readiness = `${worker.url}/z/health/readiness`;
      // The worker waits briefly for the re-evaluation an idle main thread gives at once, instead of
      // answering the previous result. Five changes; a busy moment (a GC pause) may cost one of them.
      let late = 0;
      for (let change = 0; change < 5; change++) {
        state.healthy = !state.healthy;
        const expected = state.healthy ? 200 : 503;
        if ((await readAnswer(readiness)).status !== expected) late++;
        await workerAnswers(worker, 'readiness', expected);
      }
      assert.ok(late <= 1, `${late} of 5 first probes after a change still saw the previous result`);
    });

    it('keeps refreshing an answer that expires over and over under concurrent probes', async (t) => {
      const state = { healthy: true };
      const worker = await startWorkerApp(t, adapter, {}, [healthCheckProvider('db', () => state.healthy, { ttl: 20 })]);
      await workerAnswers(worker, 'readiness', 200);
      const readiness = `${worker.url}/z/health/readiness`;
      let running = true;
      const clients = Array.from({ length: 8 }, async () => {
        while (running) await readAnswer(readiness);
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      state.healthy = false;
      await workerAnswers(worker, 'readiness', 503);
      running = false;
      await Promise.all(clients);
    });

    it('if the worker thread dies, the management port is served on the main thread from then on', async (t) => {
      const worker = await startWorkerApp(t, adapter, {}, [healthCheckProvider('db', () => true)]);
      const server = worker.app.app.get(ManagementServer);
      // Simulates a crash of the thread (reaching into the server: nothing public kills it).
      const thread = (server as unknown as { worker: { worker: { terminate(): Promise<number> } } }).worker.worker;
      await thread.terminate();
      await waitUntil('the main thread serves the port', async () => server.usesWorker, (taken) => !taken);
      const port = new URL(worker.url).port;
      const answer = await waitUntil('readiness answers on the same port', () => readAnswer(`http://127.0.0.1:${port}/z/health/readiness`).catch(() => undefined), (seen) => seen?.status === 200);
      assert.equal(answer?.text, '{"status":"UP"}');
    });
  });
});
