import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import type { Server } from 'node:http';
import assert from 'node:assert/strict';
import { HealthError, ManagementModule } from '../../src/index.js';
import type { HealthCheckReturn } from '../../src/index.js';
import type { AdapterName, TestApp } from '../support/test-app.js';
import { onEachAdapter } from '../support/test-app.js';
import { call, countingCheck, gate, healthCheckProvider, never, started, withoutTiming } from '../support/health-fixtures.js';
import type { CheckFunction } from '../support/health-fixtures.js';

/** Starts an app whose only check, `probe`, does `behaviour`, with details shown. */
async function appWithProbe(
  t: TestContext,
  adapter: AdapterName,
  behaviour: CheckFunction,
  timeout?: number,
): Promise<TestApp> {
  return started(t, adapter, {
    imports: [ManagementModule.forRoot({ showDetails: 'always' })],
    providers: [healthCheckProvider('probe', behaviour, timeout === undefined ? undefined : { timeout })],
  });
}

/** What /health/probe shows, without timing; asserts the status code matches the status. */
async function probeComponent(app: TestApp): Promise<Record<string, unknown>> {
  const answer = await call(app, '/z/health/probe');
  const component = withoutTiming(answer.body);
  assert.equal(answer.status, component.status === 'UP' ? 200 : 503, 'the code follows the status');
  return component;
}

const unsupported = (kind: string) =>
  `check returned an unsupported value (${kind}); return nothing, a boolean or { status, details }`;

onEachAdapter('check runner', (adapter) => {
  describe('whatever a check does, the endpoint answers', () => {
    const cases: Array<[string, CheckFunction, Record<string, unknown>]> = [
      ['a check that returns nothing is UP', () => undefined, { status: 'UP' }],
      ['a check that returns true is UP', () => true, { status: 'UP' }],
      ['a check that resolves with details is UP with those details', async () => ({ details: { connections: 4 } }), {
        status: 'UP',
        details: { connections: 4 },
      }],
      ['a check that returns false is DOWN', () => false, { status: 'DOWN', details: { error: 'check returned false' } }],
      ['a check that reports OUT_OF_SERVICE is OUT_OF_SERVICE', () => ({ status: 'OUT_OF_SERVICE' }), {
        status: 'OUT_OF_SERVICE',
      }],
      ['a check that reports UNKNOWN is UNKNOWN', () => ({ status: 'UNKNOWN', details: { why: 'warming up' } }), {
        status: 'UNKNOWN',
        details: { why: 'warming up' },
      }],
      [
        'a check that throws an Error is DOWN with its message',
        () => {
          throw new Error('ECONNREFUSED 10.0.0.7:5432');
        },
        { status: 'DOWN', details: { error: 'ECONNREFUSED 10.0.0.7:5432' } },
      ],
      [
        'a check that rejects with an Error is DOWN with its message',
        () => Promise.reject(new Error('read timeout')),
        { status: 'DOWN', details: { error: 'read timeout' } },
      ],
      [
        'a check that throws an Error without a message is DOWN with the error name',
        () => {
          throw new TypeError();
        },
        { status: 'DOWN', details: { error: 'TypeError' } },
      ],
      [
        'a check that throws a HealthError is DOWN with its message and details',
        async () => {
          throw new HealthError('replica lag too high', { lagSeconds: 42 });
        },
        { status: 'DOWN', details: { lagSeconds: 42, error: 'replica lag too high' } },
      ],
      ['a check that rejects with a string is DOWN with that string', () => Promise.reject('disk full'), {
        status: 'DOWN',
        details: { error: 'disk full' },
      }],
      ['a check that rejects with a plain object is DOWN', () => Promise.reject({ code: 42 }), {
        status: 'DOWN',
        details: { error: '[object Object]' },
      }],
      ['a check that rejects with undefined is DOWN', () => Promise.reject(undefined), {
        status: 'DOWN',
        details: { error: 'undefined' },
      }],
      [
        'a check that throws an object that cannot become a string is DOWN',
        () => {
          throw Object.create(null);
        },
        { status: 'DOWN', details: { error: '[object Object]' } },
      ],
      ['a check that returns a number is DOWN', () => 42 as unknown as HealthCheckReturn, {
        status: 'DOWN',
        details: { error: unsupported('number') },
      }],
      ['a check that returns a string is DOWN', () => 'OK' as unknown as HealthCheckReturn, {
        status: 'DOWN',
        details: { error: unsupported('string') },
      }],
      ['a check that returns an array is DOWN', async () => ['UP'] as unknown as HealthCheckReturn, {
        status: 'DOWN',
        details: { error: unsupported('array') },
      }],
      ['a check that returns null is DOWN', () => null as unknown as HealthCheckReturn, {
        status: 'DOWN',
        details: { error: unsupported('object') },
      }],
      ['a check that reports a status Spring does not know is DOWN', () => ({ status: 'GREEN' }) as unknown as HealthCheckReturn, {
        status: 'DOWN',
        details: { error: "check returned an invalid status 'GREEN'; use UP, DOWN, OUT_OF_SERVICE or UNKNOWN" },
      }],
      [
        'a check whose details JSON cannot carry is shown with a note instead',
        () => {
          const cyclic: Record<string, unknown> = {};
          cyclic.self = cyclic;
          return { details: cyclic };
        },
        { status: 'UP', details: { note: 'details could not be serialized to JSON' } },
      ],
    ];
    for (const [title, behaviour, expected] of cases) {
      it(title, async (t) => {
        const app = await appWithProbe(t, adapter, behaviour);
        assert.deepEqual(await probeComponent(app), expected);
      });
    }

    it('a failing check answers 503 with the aggregate status worst-first', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [
          healthCheckProvider('maintenance', () => ({ status: 'OUT_OF_SERVICE' })),
          healthCheckProvider('warming', () => ({ status: 'UNKNOWN' })),
          healthCheckProvider('fine', () => true),
        ],
      });
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.body, { status: 'OUT_OF_SERVICE' });
    });

    it('a very long failure reason is cut to 1000 characters', async (t) => {
      const app = await appWithProbe(t, adapter, () => {
        throw new Error('x'.repeat(5_000));
      });
      assert.deepEqual(await probeComponent(app), { status: 'DOWN', details: { error: `${'x'.repeat(1_000)}…` } });
    });
  });

  describe('timeouts', () => {
    it('a check that never settles is DOWN within its timeout, and the request still answers', async (t) => {
      const app = await appWithProbe(t, adapter, () => never(), 50);
      assert.deepEqual(await probeComponent(app), {
        status: 'DOWN',
        details: { timeoutMs: 50, error: 'check did not finish within 50 ms' },
      });
    });

    it('a check that never settles holds no request of /health, readiness or the others', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ timeout: 60 })],
        providers: [healthCheckProvider('stuck', () => never()), healthCheckProvider('fine', () => true)],
      });
      const [all, readiness] = await Promise.all([call(app, '/z/health'), call(app, '/z/health/readiness')]);
      assert.equal(all.status, 503);
      assert.deepEqual((all.body as { components: unknown }).components, {
        stuck: { status: 'DOWN' },
        fine: { status: 'UP' },
      });
      assert.equal(readiness.status, 503);
      assert.deepEqual(readiness.body, { status: 'DOWN' });
    });

    it("the module's timeout applies to checks without their own, and a check's own timeout wins", async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ timeout: 40, showDetails: 'always' })],
        providers: [
          healthCheckProvider('inherits', () => never()),
          healthCheckProvider('own', () => never(), { timeout: 70 }),
        ],
      });
      const body = (await call(app, '/z/health')).body as { components: Record<string, unknown> };
      assert.deepEqual(withoutTiming(body.components.inherits), {
        status: 'DOWN',
        details: { timeoutMs: 40, error: 'check did not finish within 40 ms' },
      });
      assert.deepEqual(withoutTiming(body.components.own), {
        status: 'DOWN',
        details: { timeoutMs: 70, error: 'check did not finish within 70 ms' },
      });
    });

    it('a check without any timeout option times out after the 500 ms default', async (t) => {
      const app = await appWithProbe(t, adapter, () => never());
      assert.deepEqual(await probeComponent(app), {
        status: 'DOWN',
        details: { timeoutMs: 500, error: 'check did not finish within 500 ms' },
      });
    });

    it('the AbortSignal given to check() is aborted when the timeout passes', async (t) => {
      const probe = countingCheck('probe', () => never(), { timeout: 50 });
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [probe.provider],
      });
      await call(app, '/z/health/probe');
      assert.equal(probe.signals.length, 1);
      const signal = probe.signals[0]!;
      assert.equal(signal.aborted, true);
      assert.ok(signal.reason instanceof Error, 'the abort reason is an Error');
      assert.equal((signal.reason as Error).message, 'check did not finish within 50 ms');
    });

    it('a check that honours its AbortSignal and gives up is still reported as timed out', async (t) => {
      const app = await appWithProbe(
        t,
        adapter,
        (signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(new Error('query cancelled')));
          }),
        50,
      );
      assert.deepEqual(await probeComponent(app), {
        status: 'DOWN',
        details: { timeoutMs: 50, error: 'check did not finish within 50 ms' },
      });
    });

    it('the AbortSignal of a check that finishes in time is not aborted', async (t) => {
      const probe = countingCheck('probe', async () => true, { timeout: 1_000 });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [probe.provider] });
      assert.equal((await call(app, '/z/health/probe')).status, 200);
      assert.equal(probe.signals[0]!.aborted, false);
    });
  });

  describe('single-flight and caching', () => {
    it('1,000 concurrent readiness requests execute the check exactly once', async (t) => {
      const requests = 1_000;
      const release = gate();
      const database = countingCheck('db', async () => {
        await release.promise;
        return true;
      }, { timeout: 60_000 });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [database.provider] });
      openWhenReceived(app, requests, release);
      const answers = await Promise.all(Array.from({ length: requests }, () => call(app, '/z/health/readiness')));
      assert.equal(database.executions, 1);
      assert.ok(answers.every((answer) => answer.status === 200), 'every request answered 200');
      assert.ok(answers.every((answer) => answer.text === '{"status":"UP"}'), 'every request answered UP');
    });

    it('with caching off, requests that arrive while the check runs still share its execution', async (t) => {
      const requests = 50;
      const release = gate();
      const database = countingCheck('db', async () => {
        await release.promise;
        return true;
      }, { ttl: 0, timeout: 60_000 });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [database.provider] });
      openWhenReceived(app, requests, release);
      const answers = await Promise.all(Array.from({ length: requests }, () => call(app, '/z/health/db')));
      assert.equal(database.executions, 1);
      assert.ok(answers.every((answer) => answer.status === 200));
      await call(app, '/z/health/db');
      assert.equal(database.executions, 2, 'once it finished, the next request runs it again');
    });

    it('with a long ttl, sequential requests reuse the result and show when it was taken', async (t) => {
      const database = countingCheck('db', () => ({ details: { rows: 1 } }), { ttl: 60_000 });
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [database.provider],
      });
      const first = (await call(app, '/z/health/db')).body as { checkedAt: string };
      for (let index = 0; index < 5; index++) {
        const again = (await call(app, '/z/health/db')).body as { checkedAt: string };
        assert.equal(again.checkedAt, first.checkedAt, 'the cached result keeps its checkedAt');
      }
      await call(app, '/z/health');
      await call(app, '/z/health/readiness');
      assert.equal(database.executions, 1);
    });

    it('by default a result is reused (success and failure alike)', async (t) => {
      const up = countingCheck('up', () => true);
      const down = countingCheck('down', () => false);
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [up.provider, down.provider],
      });
      for (let index = 0; index < 4; index++) assert.equal((await call(app, '/z/health')).status, 503);
      assert.equal(up.executions, 1);
      assert.equal(down.executions, 1);
    });

    it('with ttl 0, every sequential request runs the check again', async (t) => {
      const database = countingCheck('db', () => true, { ttl: 0 });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [database.provider] });
      for (let index = 0; index < 5; index++) assert.equal((await call(app, '/z/health/readiness')).status, 200);
      assert.equal(database.executions, 5);
    });

    it("the module's ttl 0 turns caching off for checks without their own ttl", async (t) => {
      const inherits = countingCheck('inherits', () => true);
      const own = countingCheck('own', () => true, { ttl: 60_000 });
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ ttl: 0 })],
        providers: [inherits.provider, own.provider],
      });
      for (let index = 0; index < 3; index++) await call(app, '/z/health');
      assert.equal(inherits.executions, 3);
      assert.equal(own.executions, 1);
    });

    it('a failure is not reused when its ttl is 0 while a success is', async (t) => {
      const outcomes = [false, false, true, false];
      const flaky = countingCheck('flaky', () => outcomes.shift() ?? false, { ttl: { up: 60_000, down: 0 } });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [flaky.provider] });
      const codes: number[] = [];
      for (let index = 0; index < 5; index++) codes.push((await call(app, '/z/health/flaky')).status);
      assert.deepEqual(codes, [503, 503, 200, 200, 200]);
      assert.equal(flaky.executions, 3, 'each failure ran again; the success was reused');
    });

    it('a success is not reused when its ttl is 0 while a failure is', async (t) => {
      const outcomes = [true, true, false, true];
      const flaky = countingCheck('flaky', () => outcomes.shift() ?? true, { ttl: { up: 0, down: 60_000 } });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [flaky.provider] });
      const codes: number[] = [];
      for (let index = 0; index < 5; index++) codes.push((await call(app, '/z/health/flaky')).status);
      assert.deepEqual(codes, [200, 200, 503, 503, 503]);
      assert.equal(flaky.executions, 3);
    });

    it('a timed-out result is cached like any failure', async (t) => {
      const stuck = countingCheck('stuck', () => never(), { timeout: 30, ttl: { down: 60_000 } });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [stuck.provider] });
      assert.equal((await call(app, '/z/health/stuck')).status, 503);
      assert.equal((await call(app, '/z/health/stuck')).status, 503);
      assert.equal(stuck.executions, 1);
    });
  });

  describe('concurrency and criticality', () => {
    it('all checks of a request run concurrently', async (t) => {
      const bothStarted = gate();
      let running = 0;
      const rendezvous: CheckFunction = async () => {
        running += 1;
        if (running === 2) bothStarted.open();
        await bothStarted.promise;
        return true;
      };
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ timeout: 5_000 })],
        providers: [healthCheckProvider('first', rendezvous), healthCheckProvider('second', rendezvous)],
      });
      // Run one after the other, the first would wait for the second until its timeout and be DOWN.
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP' });
    });

    it('a non-critical check that is DOWN shows DOWN but leaves the aggregate UP', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [
          healthCheckProvider('db', () => true),
          healthCheckProvider('recommendations', () => false, { critical: false }),
        ],
      });
      const all = await call(app, '/z/health');
      assert.equal(all.status, 200);
      assert.deepEqual(all.body, {
        status: 'UP',
        components: { db: { status: 'UP' }, recommendations: { status: 'DOWN' } },
        groups: ['liveness', 'readiness', 'startup'],
      });
      assert.deepEqual((await call(app, '/z/health/readiness')).body, { status: 'UP' });
      const own = await call(app, '/z/health/recommendations');
      assert.equal(own.status, 503, 'asked for on its own, it answers its own status');
      assert.deepEqual(own.body, { status: 'DOWN' });
    });

    it('a critical check that is DOWN still fails the aggregate beside a non-critical one', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [
          healthCheckProvider('db', () => false),
          healthCheckProvider('recommendations', () => true, { critical: false }),
        ],
      });
      assert.equal((await call(app, '/z/health/readiness')).status, 503);
    });
  });
});

/**
 * Opens `release` once the app's HTTP server has received `count` requests (and the handlers
 * they started have had their turn), so every request meets the check while it runs.
 */
function openWhenReceived(app: TestApp, count: number, release: ReturnType<typeof gate>): void {
  let received = 0;
  const server = app.app.getHttpServer() as Server;
  server.on('request', () => {
    received += 1;
    if (received === count) setTimeout(() => release.open(), 20);
  });
}
