import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { OnModuleDestroy } from '@nestjs/common';
import { HealthError } from '../../health/health-error.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';
import { limit } from '../shared/limits.js';
import { WindowClock } from '../shared/window-clock.js';

export interface EventLoopDelayIndicatorOptions {
  /** Highest delay, in milliseconds, the chosen percentile may reach. Default `1000`. */
  maxDelayMs?: number;
  /** Which percentile of the window's delays is compared. Default `99`. */
  percentile?: number;
  /** Milliseconds of each measuring window; a check reads the last complete one. Default `10000`. */
  windowMs?: number;
  /** Sampling resolution of `monitorEventLoopDelay`, in milliseconds. Default `10`. */
  resolutionMs?: number;
}

const LABEL = 'Event-loop delay health indicator';
const NANOSECONDS_PER_MS = 1e6;

interface WindowFigures {
  delayMs: number;
  maxMs: number;
  meanMs: number;
  samples: number;
}

/**
 * Event-loop delay against a limit: one `monitorEventLoopDelay` histogram, created with the
 * indicator and reset every window; a check compares the last complete window's percentile. Until the
 * first window has completed it is UP and shows the partial window (`windowComplete: false`), so
 * the busy seconds of start-up never fail a liveness probe. Its timer is unref'd; `stop()` (called on
 * module destroy when it is a provider) ends the monitor. A liveness check: a loop that stays
 * blocked is a process that needs a restart.
 */
export class EventLoopDelayHealthIndicator implements HealthIndicator, OnModuleDestroy {
  /** What the health+json format calls it. */
  readonly componentType = 'system';

  private readonly maxDelayMs: number;
  private readonly percentile: number;
  private readonly windowMs: number;
  private readonly histogram: IntervalHistogram;
  private readonly clock: WindowClock;
  private lastWindow: WindowFigures | undefined;

  constructor(options: EventLoopDelayIndicatorOptions = {}) {
    this.maxDelayMs = limit(LABEL, 'maxDelayMs', options.maxDelayMs, 'positive', 1000);
    this.percentile = limit(LABEL, 'percentile', options.percentile, 'percentile', 99);
    this.windowMs = Math.round(limit(LABEL, 'windowMs', options.windowMs, 'positive', 10_000));
    const resolution = Math.max(1, Math.round(limit(LABEL, 'resolutionMs', options.resolutionMs, 'positive', 10)));
    this.histogram = monitorEventLoopDelay({ resolution });
    this.histogram.enable();
    this.clock = new WindowClock(this.windowMs, () => this.rotate());
  }

  check(): HealthCheckReturn {
    const figures = this.lastWindow ?? this.figures();
    const windowComplete = this.lastWindow !== undefined;
    const details = { [`p${this.percentile}DelayMs`]: figures.delayMs, maxDelayMs: this.maxDelayMs, ...this.summary(figures), windowComplete };
    if (windowComplete && figures.delayMs > this.maxDelayMs) {
      throw new HealthError(messages.delayAboveLimit(this.percentile, figures.delayMs, this.maxDelayMs), details);
    }
    return { details };
  }

  /** Ends the monitor and its timer. */
  stop(): void {
    this.clock.stop();
    this.histogram.disable();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  private rotate(): void {
    this.lastWindow = this.figures();
    this.histogram.reset();
  }

  private figures(): WindowFigures {
    const samples = this.histogram.count;
    if (samples === 0) return { delayMs: 0, maxMs: 0, meanMs: 0, samples };
    return {
      delayMs: milliseconds(this.histogram.percentile(this.percentile)),
      maxMs: milliseconds(this.histogram.max),
      meanMs: milliseconds(this.histogram.mean),
      samples,
    };
  }

  private summary(figures: WindowFigures): Record<string, number> {
    return { windowMaxMs: figures.maxMs, windowMeanMs: figures.meanMs, samples: figures.samples, windowMs: this.windowMs };
  }
}

function milliseconds(nanoseconds: number): number {
  return Math.round((nanoseconds / NANOSECONDS_PER_MS) * 10) / 10;
}

/** `eventLoopDelayCheck('event-loop', { maxDelayMs: 500, groups: ['liveness'] })`. */
export function eventLoopDelayCheck(
  name: string,
  options: EventLoopDelayIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<EventLoopDelayHealthIndicator> {
  return registrationOf(name, new EventLoopDelayHealthIndicator(options), options);
}
