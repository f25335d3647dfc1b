import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request as httpRequest } from 'node:http';
import { startManagementChildApp } from '../support/management-child-app.js';
import type { ManagementChildApp } from '../support/management-child-app.js';
import { onEachAdapter } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

const STALL_LIMIT = 1_000;
const LIVENESS = '/z/health/liveness';
const READINESS = '/z/health/readiness';

/** What one probe saw: the status and body, or status 0 when it failed or took over the kubelet's 1 s. */
interface Probed {
  readonly status: number;
  readonly text: string;
}

/** Probes like the kubelet: a 1 s timeout, and anything but an answer in time is a failure. */
async function probe(url: string): Promise<Probed> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 0, text: String(error) };
  }
}

async function startBusyApp(t: TestContext, env: NodeJS.ProcessEnv): Promise<ManagementChildApp> {
  const app = await startManagementChildApp('busy-app', { STALL_LIMIT: String(STALL_LIMIT), ...env });
  t.after(() => app.stop());
  assert.equal(app.usesWorker, true, 'the probe worker serves the management port');
  await waitUntil('readiness answers 200', () => probe(`${app.managementUrl}${READINESS}`), (seen) => seen.status === 200);
  return app;
}

/** Resolves with what `promise` resolves to, or fails the test after `deadline` ms. */
async function within<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${deadline} ms`)), deadline);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes `path` every `every` ms until `stop()` and keeps every answer. */
function keepProbing(url: string, every: number): { readonly seen: Probed[]; stop(): Promise<void> } {
  const seen: Probed[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      seen.push(await probe(url));
      await sleep(every);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('probe worker and a busy main event loop', () => {
  const adapter: AdapterName = 'express';

  it(`a main thread blocked for longer than stallLimit turns liveness DOWN within stallLimit + 1 s, readiness OUT_OF_SERVICE, and both recover`, { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter });
    assert.equal((await probe(`${app.managementUrl}${LIVENESS}`)).status, 200);

    const blockSent = performance.now();
    const blocked = fetch(`${app.url}/block?ms=3000`).then((response) => response.json());
    const down = await waitUntil('liveness answers 503', () => probe(`${app.managementUrl}${LIVENESS}`), (seen) => seen.status === 503, { every: 20 });
    // Measured from before the request was sent, so it is never shorter than the real delay.
    const detectedAfter = performance.now() - blockSent;
    t.diagnostic(`stall detected ${Math.round(detectedAfter)} ms after the blocking request was sent (stallLimit ${STALL_LIMIT} ms)`);
    assert.equal(down.text, '{"status":"DOWN"}');
    assert.ok(detectedAfter <= STALL_LIMIT + 1_000, `liveness turned DOWN ${Math.round(detectedAfter)} ms after the block began`);
    assert.deepEqual(await probe(`${app.managementUrl}${READINESS}`), { status: 503, text: '{"status":"OUT_OF_SERVICE"}' }, 'readiness while stalled');

    assert.deepEqual(await blocked, { blocked: 3000 });
    assert.equal((await waitUntil('liveness answers 200 again', () => probe(`${app.managementUrl}${LIVENESS}`), (seen) => seen.status === 200)).text, '{"status":"UP"}');
    assert.equal((await waitUntil('readiness answers 200 again', () => probe(`${app.managementUrl}${READINESS}`), (seen) => seen.status === 200)).text, '{"status":"UP"}');
  });

  it('a liveness probe that carries credentials is still answered by the worker while the loop is blocked', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter, AUTHORIZER: '1', STALL_LIMIT: '10000' });
    const blocked = fetch(`${app.url}/block?ms=2000`).then((response) => response.json());
    await sleep(300);
    const withCredentials = await fetch(`${app.managementUrl}${LIVENESS}`, { headers: { authorization: 'Bearer ok' }, signal: AbortSignal.timeout(1_000) })
      .then(async (response) => ({ status: response.status, text: await response.text() }))
      .catch((error: unknown) => ({ status: 0, text: String(error) }));
    assert.deepEqual(withCredentials, { status: 200, text: '{"status":"UP"}' });
    assert.deepEqual(await blocked, { blocked: 2000 });
  });

  it('a busy main loop that still makes progress stays alive: every liveness probe answers 200 within 1 s', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter });
    const liveness = keepProbing(`${app.managementUrl}${LIVENESS}`, 100);
    const busy = await fetch(`${app.url}/busy?ms=3000`).then((response) => response.json());
    await liveness.stop();
    assert.deepEqual(busy, { busy: 3000 });
    assert.ok(liveness.seen.length >= 10, `probed ${liveness.seen.length} times while the loop was busy`);
    assert.deepEqual(
      liveness.seen.filter((seen) => seen.status !== 200),
      [],
      'no liveness probe failed',
    );
  });

  it('load shedding turns readiness OUT_OF_SERVICE while the loop is overloaded and back once it has recovered; liveness stays UP', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter, STALL_LIMIT: '5000', SHED_MAX_DELAY: '200', SHED_RECOVER_AFTER: '500' });
    const liveness = keepProbing(`${app.managementUrl}${LIVENESS}`, 50);
    const readiness = keepProbing(`${app.managementUrl}${READINESS}`, 50);
    try {
      assert.deepEqual(await fetch(`${app.url}/block?ms=800`).then((response) => response.json()), { blocked: 800 });
      await waitUntil('readiness has answered 503', async () => readiness.seen.some((seen) => seen.status === 503), (shed) => shed);
      const firstShed = readiness.seen.findIndex((seen) => seen.status === 503);
      await waitUntil('readiness answers 200 again', async () => readiness.seen.slice(firstShed).some((seen) => seen.status === 200), (recovered) => recovered);
    } finally {
      await Promise.all([liveness.stop(), readiness.stop()]);
    }
    const shed = readiness.seen.filter((seen) => seen.status !== 200);
    assert.deepEqual([...new Set(shed.map((seen) => `${seen.status} ${seen.text}`))], ['503 {"status":"OUT_OF_SERVICE"}'], 'readiness only ever shed with OUT_OF_SERVICE');
    assert.deepEqual(
      liveness.seen.filter((seen) => seen.status !== 200),
      [],
      'liveness stayed UP throughout',
    );
    assert.ok(liveness.seen.length >= 5);
  });
});

/** GET `url` with a body of `size` bytes (what a misbehaving client may send); resolves with the status. */
function getWithBody(url: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': size } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end(Buffer.alloc(size, 0x20));
  });
}

async function executionsOf(app: ManagementChildApp): Promise<number> {
  return ((await (await fetch(`${app.url}/executions`)).json()) as { executions: number }).executions;
}

onEachAdapter('probe worker and requests forwarded to a stalled main thread', (adapter) => {
  it('are answered 503 by the worker, refused at once while the stall lasts, and never run once the main thread is back', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter });
    const before = await executionsOf(app);
    const blocked = fetch(`${app.url}/block?ms=4000`);
    await sleep(100);
    // Forwarded before the stall shows: each waits its stallLimit, then the worker answers 503.
    const early = Array.from({ length: 5 }, () => getWithBody(`${app.managementUrl}/z/health/db`, 60 * 1024));
    await waitUntil('liveness answers 503', () => probe(`${app.managementUrl}${LIVENESS}`), (seen) => seen.status === 503, { every: 20 });
    // Sent while the stall is known: refused at once, nothing queued for the main thread.
    const during = await Promise.all(Array.from({ length: 200 }, () => getWithBody(`${app.managementUrl}/z/health/db`, 60 * 1024)));
    const answers = [...(await Promise.all(early)), ...during];
    await blocked;
    // A forwarded request after the stall: once it is answered, everything forwarded before it was handled.
    await waitUntil('a forwarded request answers 200', () => fetch(`${app.managementUrl}/z/info`), (response) => response.status === 200);
    const refused = answers.filter((status) => status === 503).length;
    assert.ok(refused >= 100, `${refused} of ${answers.length} answered 503 by the worker`);
    assert.deepEqual([...new Set(answers)].sort(), refused === answers.length ? [503] : [200, 503]);
    // Whatever the timing, the check ran exactly once per 200 answer: never for one the worker had answered.
    assert.equal(await executionsOf(app) - before, answers.length - refused, 'the main thread ran none of the requests the worker had answered');
  });
});

onEachAdapter('probe worker when the application stops', (adapter) => {
  it('never keeps the process alive: once the application has closed the process exits by itself with code 0', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter });
    assert.deepEqual(await fetch(`${app.url}/close`).then((response) => response.json()), { closing: true });
    assert.equal(await within(app.exited, 10_000, 'the process exiting'), 0);
  });

  it("never keeps the process alive: with the application's own server closed and the management port still open, the process exits by itself with code 0", { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter });
    assert.deepEqual(await fetch(`${app.url}/close-server`).then((response) => response.json()), { closing: true });
    assert.equal(await within(app.exited, 10_000, 'the process exiting'), 0);
  });

  it('on SIGTERM readiness answers OUT_OF_SERVICE on the management port during the drain, liveness stays UP, and the process exits 0', { timeout: 30_000 }, async (t) => {
    const app = await startBusyApp(t, { ADAPTER: adapter, DRAIN_DELAY: '1500' });
    app.child.kill('SIGTERM');
    const refusing = await waitUntil('readiness answers 503', () => probe(`${app.managementUrl}${READINESS}`), (seen) => seen.status === 503, { deadline: 5_000 });
    assert.equal(refusing.text, '{"status":"OUT_OF_SERVICE"}');
    assert.deepEqual(await probe(`${app.managementUrl}${LIVENESS}`), { status: 200, text: '{"status":"UP"}' }, 'liveness during the drain');
    assert.equal(await within(app.exited, 10_000, 'the process exiting'), 0);
  });
});
