import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DiskHealthIndicator,
  EventLoopDelayHealthIndicator,
  EventLoopUtilizationHealthIndicator,
  HealthError,
  ManagementConfigurationError,
  MemoryHealthIndicator,
} from '../../src/index.js';
import type { HealthCheckReturn } from '../../src/index.js';

/** Keeps the event loop busy for `milliseconds`, as a blocking computation would. */
function blockEventLoop(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // busy on purpose
  }
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function detailsOf(result: HealthCheckReturn): Record<string, unknown> {
  return (result as { details: Record<string, unknown> }).details;
}

async function failure(run: () => unknown): Promise<HealthError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof HealthError, 'fails with a HealthError');
    return error;
  }
  assert.fail('expected the check to fail');
}

describe('memory indicator', () => {
  it('is UP under the default heap ratio, reporting heap and RSS with the limit', () => {
    const details = detailsOf(new MemoryHealthIndicator().check());
    assert.equal(details.maxHeapUsedRatio, 0.9);
    assert.equal(typeof details.heapUsedBytes, 'number');
    assert.equal(typeof details.heapSizeLimitBytes, 'number');
    assert.equal(typeof details.rssBytes, 'number');
  });

  it('is DOWN when the resident set size is above its limit, with the observed value and the limit', async () => {
    const error = await failure(() => new MemoryHealthIndicator({ maxRssBytes: 1 }).check());
    assert.match(error.message, /^resident set size \d+ bytes is above the limit of 1 bytes$/);
    assert.equal(error.details.maxRssBytes, 1);
    assert.ok((error.details.rssBytes as number) > 1);
  });

  it('is DOWN when the used heap is above its byte limit', async () => {
    const error = await failure(() => new MemoryHealthIndicator({ maxHeapUsedBytes: 1 }).check());
    assert.match(error.message, /^used heap \d+ bytes is above the limit of 1 bytes$/);
  });

  it('refuses a limit that is not a positive number, naming the option', () => {
    assert.throws(() => new MemoryHealthIndicator({ maxHeapUsedRatio: 1.5 }), (error: unknown) => {
      assert.ok(error instanceof ManagementConfigurationError);
      assert.equal(error.message, "Memory health indicator: 'maxHeapUsedRatio' must be a number > 0 and <= 1, got 1.5.");
      return true;
    });
    assert.throws(() => new MemoryHealthIndicator({ maxRssBytes: -1 }), /'maxRssBytes' must be a number > 0/);
  });
});

describe('event-loop delay indicator', () => {
  it('is UP on an idle loop, reporting the percentile, its limit and the window', async (t) => {
    const indicator = new EventLoopDelayHealthIndicator({ windowMs: 60_000 });
    t.after(() => indicator.stop());
    // The histogram samples on its own timer: on a loaded machine its first sample may take a while.
    let details = detailsOf(indicator.check());
    for (let waited = 0; (details.samples as number) === 0 && waited < 10_000; waited += 50) {
      await pause(50);
      details = detailsOf(indicator.check());
    }
    assert.equal(details.maxDelayMs, 1000);
    assert.equal(details.windowMs, 60_000);
    assert.equal(typeof details.p99DelayMs, 'number');
    assert.ok((details.samples as number) > 0);
  });

  it('is UP while its first window is incomplete, however busy start-up was', async (t) => {
    const indicator = new EventLoopDelayHealthIndicator({ maxDelayMs: 50, windowMs: 60_000 });
    t.after(() => indicator.stop());
    await pause(20);
    blockEventLoop(200);
    await pause(20);
    const details = detailsOf(indicator.check());
    assert.equal(details.windowComplete, false);
    assert.ok((details.p99DelayMs as number) > 50, 'the partial window is shown');
  });

  it('is DOWN when the last window was blocked for longer than the limit', async (t) => {
    const indicator = new EventLoopDelayHealthIndicator({ maxDelayMs: 50, windowMs: 250 });
    t.after(() => indicator.stop());
    await pause(30);
    blockEventLoop(300);
    await pause(10);
    const error = await failure(() => indicator.check());
    assert.match(error.message, /^event-loop delay p99 \d+(\.\d)? ms is above the limit of 50 ms$/);
    assert.ok((error.details.p99DelayMs as number) > 50);
  });

  it('reports the last complete window once one has passed, not the blocked one before it', async (t) => {
    const indicator = new EventLoopDelayHealthIndicator({ maxDelayMs: 250, windowMs: 100 });
    t.after(() => indicator.stop());
    await pause(20);
    blockEventLoop(300);
    await pause(350);
    assert.ok((detailsOf(indicator.check()).p99DelayMs as number) < 250, 'the window after the block is calm');
  });

  it('stops its monitor when asked, twice without harm', () => {
    const indicator = new EventLoopDelayHealthIndicator();
    indicator.stop();
    indicator.stop();
  });
});

describe('event-loop utilization indicator', () => {
  it('is UP on an idle loop, reporting utilization and its limit', async (t) => {
    const indicator = new EventLoopUtilizationHealthIndicator({ windowMs: 60_000 });
    t.after(() => indicator.stop());
    await pause(50);
    const details = detailsOf(indicator.check());
    assert.equal(details.maxUtilization, 0.98);
    assert.ok((details.utilization as number) >= 0 && (details.utilization as number) <= 1);
  });

  it('is UP while its first window is incomplete, however busy start-up was', async (t) => {
    const indicator = new EventLoopUtilizationHealthIndicator({ maxUtilization: 0.5, windowMs: 60_000 });
    t.after(() => indicator.stop());
    blockEventLoop(100);
    assert.equal(detailsOf(indicator.check()).windowComplete, false);
  });

  it('is DOWN when the loop was busy for more of the last window than the limit allows', async (t) => {
    const indicator = new EventLoopUtilizationHealthIndicator({ maxUtilization: 0.5, windowMs: 100 });
    t.after(() => indicator.stop());
    blockEventLoop(300);
    await pause(10);
    const error = await failure(() => indicator.check());
    assert.match(error.message, /^event-loop utilization (0\.\d+|1) is above the limit of 0\.5$/);
    assert.ok((error.details.utilization as number) > 0.5);
  });
});

describe('disk indicator', () => {
  it('is UP with the free space of the path, its total and the default ratio limit', async () => {
    const details = detailsOf(await new DiskHealthIndicator({ path: '.' }).check());
    assert.equal(details.path, '.');
    assert.equal(details.minFreeRatio, 0.05);
    assert.ok((details.freeBytes as number) > 0);
    assert.ok((details.totalBytes as number) >= (details.freeBytes as number));
    assert.equal(typeof details.latencyMs, 'number');
  });

  it('is DOWN when less than the byte limit is free, with the observed value and the limit', async () => {
    const limit = Number.MAX_SAFE_INTEGER;
    const error = await failure(() => new DiskHealthIndicator({ path: '.', minFreeBytes: limit }).check());
    assert.match(error.message, /^free space \d+ bytes is below the limit of \d+ bytes$/);
    assert.equal(error.details.minFreeBytes, limit);
    assert.equal(error.details.minFreeRatio, undefined, 'a byte limit alone drops the default ratio');
  });

  it('is DOWN with the reason when the path does not exist', async () => {
    const error = await failure(() => new DiskHealthIndicator({ path: '/no/such/path/here' }).check());
    assert.match(error.message, /ENOENT/);
    assert.equal(error.details.path, '/no/such/path/here');
  });
});
