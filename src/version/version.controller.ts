import { Controller, Get, Inject, Logger, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { withTimeout } from '../timing/with-timeout.js';

const UNKNOWN_VERSION = 'unknown';

/**
 * GET /version: the application's version as plain text, from the `version` option, else the
 * `VERSION` environment variable, else `unknown`. A version function that fails or hangs
 * answers `unknown` (and is logged) rather than failing the request.
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
    if (!version) return process.env.VERSION || UNKNOWN_VERSION;
    try {
      const value = await withTimeout(Promise.resolve().then(version), timeout);
      return typeof value === 'string' && value.length > 0 ? value : UNKNOWN_VERSION;
    } catch (error) {
      if (!this.options.noLog) this.logger.warn(`The version option failed, so /version answers '${UNKNOWN_VERSION}': ${String(error)}`);
      return UNKNOWN_VERSION;
    }
  }
}
