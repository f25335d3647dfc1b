import { Injectable, Logger } from '@nestjs/common';
import { scrubUrls } from '../secrets/secret-scrubber.js';
import type { CheckResult } from './check-result.js';
import type { HealthStatus } from './health-status.js';

/**
 * Logs a check's status when it changes, not on every probe: one warning when a check leaves UP
 * (or is first seen failing) with its reason, one line when it comes back.
 */
@Injectable()
export class StatusChangeLogger {
  private readonly logger = new Logger('ManagementModule');
  private readonly lastStatus = new Map<string, HealthStatus>();

  /** Records a fresh result of the check `name` (`variant` tells group-specific checks apart). */
  record(name: string, variant: string | undefined, result: CheckResult): void {
    const key = variant === undefined ? name : `${name} (${variant})`;
    const previous = this.lastStatus.get(key);
    if (previous === result.status) return;
    this.lastStatus.set(key, result.status);
    if (result.status === 'UP') {
      if (previous !== undefined) this.logger.log(`Health check '${key}' is UP again (was ${previous}).`);
      return;
    }
    const reason = typeof result.details?.error === 'string' ? `: ${scrubUrls(result.details.error)}` : '';
    this.logger.warn(`Health check '${key}' is ${result.status}${previous ? ` (was ${previous})` : ''}${reason}`);
  }

  /** Forgets a removed check, so a new check of the same name starts fresh. */
  forget(name: string): void {
    for (const key of this.lastStatus.keys()) {
      if (key === name || key.startsWith(`${name} (`)) this.lastStatus.delete(key);
    }
  }
}
