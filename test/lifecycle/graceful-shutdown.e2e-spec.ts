import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChildApp } from '../support/child-app.js';
import { onEachAdapter } from '../support/test-app.js';

interface Observation {
  readiness: number[];
  livenessWhileRefusing: number[];
  businessStatuses: number[];
  businessFailures: string[];
}

onEachAdapter('graceful shutdown on SIGTERM', (adapter) => {
  it('readiness turns OUT_OF_SERVICE at once, liveness stays UP, and no request under steady load fails', { timeout: 30_000 }, async (t) => {
    const app = await startChildApp('drain-app', { ADAPTER: adapter, DRAIN_DELAY: process.env.DRAIN_DELAY_UNDER_TEST ?? '1500' });
    const seen: Observation = { readiness: [], livenessWhileRefusing: [], businessStatuses: [], businessFailures: [] };
    let routing = true;
    let running = true;
    t.after(() => {
      routing = false;
      running = false;
      return app.stop();
    });

    // A load balancer: keeps sending traffic until readiness says OUT_OF_SERVICE, then stops.
    const loadBalancer = (async () => {
      while (running) {
        try {
          const readiness = await fetch(`${app.url}/z/health/readiness`);
          const body = (await readiness.json()) as { status: string };
          seen.readiness.push(readiness.status);
          if (readiness.status === 503) {
            assert.equal(body.status, 'OUT_OF_SERVICE');
            routing = false;
            seen.livenessWhileRefusing.push((await fetch(`${app.url}/z/health/liveness`)).status);
          }
        } catch {
          running = false; // the server has closed
        }
        await sleep(50);
      }
    })();
    const client = async () => {
      while (routing) {
        try {
          const response = await fetch(`${app.url}/work`);
          await response.arrayBuffer();
          seen.businessStatuses.push(response.status);
        } catch (error) {
          seen.businessFailures.push(String(error));
        }
      }
    };
    const clients = [client(), client(), client(), client()];

    while (seen.businessStatuses.length < 100) await sleep(20);
    const slow = fetch(`${app.url}/slow`).then(async (response) => ({ status: response.status, body: await response.json() }));
    await sleep(50);
    app.child.kill('SIGTERM');

    const [exitCode, slowAnswer] = await Promise.all([app.exited, slow]);
    running = false;
    routing = false;
    await Promise.all([loadBalancer, ...clients]);

    assert.equal(exitCode, 'SIGTERM', 'Nest re-raises the signal once shutdown has finished');
    assert.deepEqual(seen.businessFailures, []);
    assert.ok(seen.businessStatuses.every((status) => status === 200));
    assert.ok(seen.businessStatuses.length >= 100);
    assert.deepEqual(slowAnswer, { status: 200, body: { done: true } }, 'an in-flight request finishes');
    assert.ok(seen.readiness.includes(503), 'readiness was seen OUT_OF_SERVICE before the server closed');
    assert.ok(seen.livenessWhileRefusing.length > 0 && seen.livenessWhileRefusing.every((status) => status === 200));
  });
});
