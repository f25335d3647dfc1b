import { Controller, Get, Inject, Logger, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { withTimeout } from '../timing/with-timeout.js';

const UNKNOWN_VERSION = 'unknown';

/**
 * GET /version: the application's version as plain text, from the `version` option, else the
 * `VERSION` environment variable, else `unknown`. A version function that throws, rejects, hangs
 * past the timeout or returns no non-empty string gave no version, so the next source answers
 * (`VERSION`, else `unknown`); the failure is logged, never the request's.
 */
@Controller({ version: VERSION_NEUTRAL })
export class VersionController {
  private readonly logger = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('version')
  async version(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    this.responder.text(response, 200, await this.resolve());
  }

  private async resolve(): Promise<string> {
    const { version, timeout } = this.options;
    if (typeof version === 'string') return version;
    const fallback = process.env.VERSION || UNKNOWN_VERSION;
    if (!version) return fallback;
    try {
      const value = await withTimeout(Promise.resolve().then(version), timeout);
      return typeof value === 'string' && value.length > 0 ? value : fallback;
    } catch (error) {
      if (!this.options.noLog) this.logger.warn(messages.versionFailed(String(error), fallback));
      return fallback;
    }
  }
}
