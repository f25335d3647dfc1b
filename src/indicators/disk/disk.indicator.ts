import { statfs } from 'node:fs/promises';
import { HealthError } from '../../health/health-error.js';
import { ManagementConfigurationError, messages } from '../../messages.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { elapsedSince, reasonOf, registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { optionalLimit } from '../shared/limits.js';
import { OneProbeAtATime } from '../shared/one-probe-at-a-time.js';

export interface DiskIndicatorOptions {
  /** A path on the file system to watch. Default `'/'`. */
  path?: string;
  /** Fewest bytes that must stay available to the process's user. Default none. */
  minFreeBytes?: number;
  /**
   * Smallest share of the file system that must stay available (0 to 1). Default `0.05` when
   * neither limit is given, none otherwise.
   */
  minFreeRatio?: number;
}

const LABEL = 'Disk health indicator';

/**
 * Free space of the file system holding `path` (`fs.statfs`, no dependency) against a byte and/or
 * ratio limit. "Free" is what an unprivileged process can still write (`bavail`). At most one
 * `statfs` is outstanding, so a hung network mount holds one call, not one per probe.
 */
export class DiskHealthIndicator implements HealthIndicator {
  /** What the health+json format calls it. */
  readonly componentType = 'system';

  private readonly path: string;
  private readonly minFreeBytes: number | undefined;
  private readonly minFreeRatio: number | undefined;
  private readonly probes = new OneProbeAtATime<{ freeBytes: number; totalBytes: number; latencyMs: number }>();

  constructor(options: DiskIndicatorOptions = {}) {
    if (options.path !== undefined && (typeof options.path !== 'string' || options.path === '')) {
      throw new ManagementConfigurationError(messages.invalidOption(LABEL, 'path', 'a non-empty string'));
    }
    this.path = options.path ?? '/';
    this.minFreeBytes = optionalLimit(LABEL, 'minFreeBytes', options.minFreeBytes, 'positive');
    this.minFreeRatio = optionalLimit(LABEL, 'minFreeRatio', options.minFreeRatio, 'ratio');
    if (this.minFreeBytes === undefined && this.minFreeRatio === undefined) this.minFreeRatio = 0.05;
  }

  async check(): Promise<HealthCheckReturn> {
    const { freeBytes, totalBytes, latencyMs } = await this.probes.run(() => this.measure());
    const freeRatio = totalBytes > 0 ? Math.round((freeBytes / totalBytes) * 1000) / 1000 : 0;
    const details: Record<string, unknown> = { path: this.path, freeBytes, totalBytes, freeRatio, latencyMs };
    if (this.minFreeBytes !== undefined) details.minFreeBytes = this.minFreeBytes;
    if (this.minFreeRatio !== undefined) details.minFreeRatio = this.minFreeRatio;
    if (this.minFreeBytes !== undefined && freeBytes < this.minFreeBytes) {
      throw new HealthError(messages.belowLimit('free space', freeBytes, this.minFreeBytes, 'bytes'), details);
    }
    if (this.minFreeRatio !== undefined && freeRatio < this.minFreeRatio) {
      throw new HealthError(messages.belowLimit('free space ratio', freeRatio, this.minFreeRatio, ''), details);
    }
    return { details };
  }

  private async measure(): Promise<{ freeBytes: number; totalBytes: number; latencyMs: number }> {
    const started = performance.now();
    try {
      const stats = await statfs(this.path);
      return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize, latencyMs: elapsedSince(started) };
    } catch (error) {
      throw new HealthError(reasonOf(error), { path: this.path, latencyMs: elapsedSince(started) });
    }
  }
}

/** `diskCheck('disk', { path: '/var/lib/app', minFreeBytes: 1e9 })`. */
export function diskCheck(
  name: string,
  options: DiskIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<DiskHealthIndicator> {
  return registrationOf(name, new DiskHealthIndicator(options), options);
}
