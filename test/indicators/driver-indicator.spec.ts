import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthError, PostgresHealthIndicator, RedisHealthIndicator } from '../../src/index.js';
import type { PostgresClient } from '../../src/index.js';
import { OneProbeAtATime } from '../../src/indicators/shared/one-probe-at-a-time.js';

// The drivers themselves are exercised against real servers in test/integration; these cases pin
// the shared behaviour that does not need a server.

interface Deferred {
  promise: Promise<unknown>;
  resolve(value?: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (value?: unknown) => void;
  const promise = new Promise((done) => (resolve = done));
  return { promise, resolve };
}

describe('one probe at a time', () => {
  it('joins a pending probe instead of starting another, and starts afresh once it settled', async () => {
    const guard = new OneProbeAtATime<string>();
    let started = 0;
    const pending = deferred();
    const probe = async () => {
      started += 1;
      await pending.promise;
      return `answer ${started}`;
    };
    const first = guard.run(probe);
    const second = guard.run(probe);
    assert.equal(guard.busy, true);
    pending.resolve();
    assert.deepEqual(await Promise.all([first, second]), ['answer 1', 'answer 1']);
    await Promise.resolve();
    assert.equal(guard.busy, false);
    assert.equal(await guard.run(probe), 'answer 2');
  });

  it('lets the next probe start after a failed one', async () => {
    const guard = new OneProbeAtATime<string>();
    await assert.rejects(guard.run(() => Promise.reject(new Error('refused'))), /refused/);
    assert.equal(await guard.run(async () => 'ok'), 'ok');
  });
});

describe('driver indicators', () => {
  it('call a client function on every probe, and a failing function is DOWN with its reason', async () => {
    let calls = 0;
    const indicator = new PostgresHealthIndicator(() => {
      calls += 1;
      return Promise.reject(new Error('pool not created yet'));
    });
    await assert.rejects(indicator.check(), (error: unknown) => {
      assert.ok(error instanceof HealthError);
      assert.equal(error.message, 'pool not created yet');
      assert.equal(typeof error.details.latencyMs, 'number');
      return true;
    });
    await assert.rejects(indicator.check());
    assert.equal(calls, 2);
  });

  it('are DOWN when an answer is slower than maxLatencyMs, with the latency and the limit', async () => {
    const slow: PostgresClient = { query: () => new Promise((resolve) => setTimeout(resolve, 30)) };
    await assert.rejects(new PostgresHealthIndicator(slow, { maxLatencyMs: 1 }).check(), (error: unknown) => {
      assert.ok(error instanceof HealthError);
      assert.match(error.message, /^answered in \d+ ms, above the limit of 1 ms$/);
      assert.equal(error.details.maxLatencyMs, 1);
      return true;
    });
  });

  it('Redis: an unexpected PING reply is DOWN', async () => {
    const odd = { status: 'ready', ping: async () => 'NOPE' };
    await assert.rejects(new RedisHealthIndicator(odd).check(), /unexpected reply "NOPE"/);
  });
});
