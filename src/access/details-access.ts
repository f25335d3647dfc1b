import { Inject, Injectable, Logger } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { withTimeout } from '../timing/with-timeout.js';

/**
 * Decides, per request, whether details (failure reasons, observed values) may be shown.
 * Statuses are never behind it, so probes always work. An authorizer that throws, rejects or
 * takes longer than the module's timeout counts as "no".
 */
@Injectable()
export class DetailsAccess {
  private readonly logger = new Logger('ManagementModule');

  constructor(@Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions) {}

  allows(request: unknown): boolean | Promise<boolean> {
    const { showDetails, authorizer } = this.options;
    if (showDetails === 'always') return true;
    if (showDetails === 'never' || !authorizer) return false;
    try {
      const verdict = authorizer(request);
      return verdict instanceof Promise ? this.settle(verdict) : verdict === true;
    } catch (error) {
      this.reportFailure(error);
      return false;
    }
  }

  private settle(verdict: Promise<boolean>): Promise<boolean> {
    return withTimeout(verdict, this.options.timeout).then(
      (allowed) => allowed === true,
      (error: unknown) => {
        this.reportFailure(error);
        return false;
      },
    );
  }

  private reportFailure(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`The management authorizer failed, so details stay hidden: ${reason}`);
  }
}
