import { Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HealthCheck, HealthError } from '../../src/index.js';
import type { HealthIndicator } from '../../src/index.js';

const RESOLUTION_MS = 10;
const LIMIT_MS = 1_000;

/**
 * The liveness check: the longest the event loop was blocked since the previous check stays under
 * one second. A stuck process is what a restart fixes, so liveness looks only at the process
 * itself, never at the database. Sampling starts once bootstrap is over, so start-up work
 * (loading the embedded database) does not count.
 */
@HealthCheck('event-loop', { groups: ['liveness'] })
@Injectable()
export class EventLoopHealth implements HealthIndicator, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  onApplicationBootstrap(): void {
    this.histogram.enable();
  }

  onApplicationShutdown(): void {
    this.histogram.disable();
  }

  check() {
    const { histogram } = this;
    // The histogram records whole timer intervals; the delay is what exceeds the resolution.
    const delayMs = (nanoseconds: number) => Math.max(0, Math.round(nanoseconds / 1e6 - RESOLUTION_MS));
    const details = {
      maxDelayMs: histogram.count > 0 ? delayMs(histogram.max) : 0,
      p99DelayMs: histogram.count > 0 ? delayMs(histogram.percentile(99)) : 0,
      limitMs: LIMIT_MS,
    };
    histogram.reset();
    if (details.maxDelayMs > LIMIT_MS) {
      throw new HealthError(`event loop was blocked for ${details.maxDelayMs} ms (limit ${LIMIT_MS} ms)`, details);
    }
    return { details };
  }
}
