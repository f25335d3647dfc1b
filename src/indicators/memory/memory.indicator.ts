import { getHeapStatistics } from 'node:v8';
import { HealthError } from '../../health/health-error.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';
import { limit, optionalLimit } from '../shared/limits.js';

export interface MemoryIndicatorOptions {
  /**
   * Highest share of V8's heap size limit (`--max-old-space-size`) the used heap may reach.
   * Default `0.9`: near the limit V8 spends its time collecting and then aborts the process.
   */
  maxHeapUsedRatio?: number;
  /** Highest used heap in bytes. Default none. */
  maxHeapUsedBytes?: number;
  /** Highest resident set size in bytes (what a container's memory limit counts). Default none. */
  maxRssBytes?: number;
}

const LABEL = 'Memory health indicator';

/**
 * The process's memory against limits: used heap (as a share of V8's heap limit and/or in bytes)
 * and resident set size. Reports each observed value with its limit. Cheap enough for liveness.
 */
export class MemoryHealthIndicator implements HealthIndicator {
  /** What the health+json format calls it. */
  readonly componentType = 'system';

  private readonly maxHeapUsedRatio: number;
  private readonly maxHeapUsedBytes: number | undefined;
  private readonly maxRssBytes: number | undefined;
  private readonly heapSizeLimit = getHeapStatistics().heap_size_limit;

  constructor(options: MemoryIndicatorOptions = {}) {
    this.maxHeapUsedRatio = limit(LABEL, 'maxHeapUsedRatio', options.maxHeapUsedRatio, 'ratio', 0.9);
    this.maxHeapUsedBytes = optionalLimit(LABEL, 'maxHeapUsedBytes', options.maxHeapUsedBytes, 'positive');
    this.maxRssBytes = optionalLimit(LABEL, 'maxRssBytes', options.maxRssBytes, 'positive');
  }

  check(): HealthCheckReturn {
    const { heapUsed, rss } = process.memoryUsage();
    const heapUsedRatio = round(heapUsed / this.heapSizeLimit);
    const details: Record<string, number> = { heapUsedBytes: heapUsed, heapSizeLimitBytes: this.heapSizeLimit, heapUsedRatio, maxHeapUsedRatio: this.maxHeapUsedRatio, rssBytes: rss };
    if (this.maxHeapUsedBytes !== undefined) details.maxHeapUsedBytes = this.maxHeapUsedBytes;
    if (this.maxRssBytes !== undefined) details.maxRssBytes = this.maxRssBytes;
    if (heapUsedRatio > this.maxHeapUsedRatio) {
      throw new HealthError(messages.ratioAboveLimit('used heap ratio', heapUsedRatio, this.maxHeapUsedRatio), details);
    }
    if (this.maxHeapUsedBytes !== undefined && heapUsed > this.maxHeapUsedBytes) {
      throw new HealthError(messages.aboveLimit('used heap', heapUsed, this.maxHeapUsedBytes), details);
    }
    if (this.maxRssBytes !== undefined && rss > this.maxRssBytes) {
      throw new HealthError(messages.aboveLimit('resident set size', rss, this.maxRssBytes), details);
    }
    return { details };
  }
}

function round(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

/** `memoryCheck('memory', { maxRssBytes: 512 * 2 ** 20, groups: ['liveness'] })`. */
export function memoryCheck(
  name: string,
  options: MemoryIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<MemoryHealthIndicator> {
  return registrationOf(name, new MemoryHealthIndicator(options), options);
}
