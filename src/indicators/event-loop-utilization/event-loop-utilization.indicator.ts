import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { OnModuleDestroy } from '@nestjs/common';
import { HealthError } from '../../health/health-error.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';
import { limit } from '../shared/limits.js';
import { WindowClock } from '../shared/window-clock.js';

export interface EventLoopUtilizationIndicatorOptions {
  /** Highest share of the window the loop may spend busy (0 to 1). Default `0.98`. */
  maxUtilization?: number;
  /** Milliseconds of each measuring window; a check reads the last complete one. Default `10000`. */
  windowMs?: number;
}

const LABEL = 'Event-loop utilization health indicator';

/**
 * Event-loop utilization (the share of time the loop was busy, `performance.eventLoopUtilization()`)
 * over a window against a limit; a check reads the last complete window. Until the first window has
 * completed it is UP and shows the partial window (`windowComplete: false`), so the busy seconds
 * of start-up never fail a liveness probe. Its timer is unref'd; `stop()` (called on module destroy when it is a
 * provider) ends it. A liveness check for a loop that never gets a breath.
 */
export class EventLoopUtilizationHealthIndicator implements HealthIndicator, OnModuleDestroy {
  /** What the health+json format calls it. */
  readonly componentType = 'system';

  private readonly maxUtilization: number;
  private readonly windowMs: number;
  private readonly clock: WindowClock;
  private windowStart: EventLoopUtilization = performance.eventLoopUtilization();
  private lastWindow: number | undefined;

  constructor(options: EventLoopUtilizationIndicatorOptions = {}) {
    this.maxUtilization = limit(LABEL, 'maxUtilization', options.maxUtilization, 'ratio', 0.98);
    this.windowMs = Math.round(limit(LABEL, 'windowMs', options.windowMs, 'positive', 10_000));
    this.clock = new WindowClock(this.windowMs, () => this.rotate());
  }

  check(): HealthCheckReturn {
    const utilization = this.lastWindow ?? round(performance.eventLoopUtilization(this.windowStart).utilization);
    const windowComplete = this.lastWindow !== undefined;
    const details = { utilization, maxUtilization: this.maxUtilization, windowMs: this.windowMs, windowComplete };
    if (windowComplete && utilization > this.maxUtilization) {
      throw new HealthError(messages.ratioAboveLimit('event-loop utilization', utilization, this.maxUtilization), details);
    }
    return { details };
  }

  /** Ends the window timer. */
  stop(): void {
    this.clock.stop();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  private rotate(): void {
    const now = performance.eventLoopUtilization();
    this.lastWindow = round(performance.eventLoopUtilization(now, this.windowStart).utilization);
    this.windowStart = now;
  }
}

function round(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

/** `eventLoopUtilizationCheck('event-loop-utilization', { maxUtilization: 0.95, groups: ['liveness'] })`. */
export function eventLoopUtilizationCheck(
  name: string,
  options: EventLoopUtilizationIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<EventLoopUtilizationHealthIndicator> {
  return registrationOf(name, new EventLoopUtilizationHealthIndicator(options), options);
}
