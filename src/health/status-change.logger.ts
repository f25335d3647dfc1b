import { Injectable, Logger } from '@nestjs/common';
import { scrubUrls } from '../secrets/secret-scrubber.js';
import type { CheckResult } from './check-result.js';
import type { HealthStatus } from './health-status.js';
import type { RegisteredCheck } from './health.registry.js';

/**
 * Logs a check's status when it changes, not on every probe: one warning when a check leaves UP
 * (or is first seen failing) with its reason, one line when it comes back.
 */
@Injectable()
export class StatusChangeLogger {
  private readonly logger = new Logger('ManagementModule');

  /**
   * Logs a fresh result of `check` (`variant` tells group-specific checks apart) if its status is
   * not `previous`, the one reported before. Keeps nothing: the runner owns the previous result.
   */
  record(check: RegisteredCheck, variant: string | undefined, previous: HealthStatus | undefined, result: CheckResult): void {
    if (previous === result.status) return;
    const key = variant === undefined ? check.name : `${check.name} (${variant})`;
    if (result.status === 'UP') {
      if (previous !== undefined) this.logger.log(`Health check '${key}' is UP again (was ${previous}).`);
      return;
    }
    const reason = typeof result.details?.error === 'string' ? `: ${scrubUrls(result.details.error)}` : '';
    this.logger.warn(`Health check '${key}' is ${result.status}${previous ? ` (was ${previous})` : ''}${reason}`);
  }
}
