import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { acceptOf, ACTUATOR_FORMATS, formatOf } from '../formats/media-type.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { EnvironmentService } from './environment.service.js';

/** GET /environment: 404 unless enabled, 403 unless the request may see details. */
@Controller({ version: VERSION_NEUTRAL })
export class EnvironmentController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly environment: EnvironmentService,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('environment')
  async show(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    if (!this.options.environment.enabled) {
      return this.responder.error(response, 404, 'Not Found', messages.endpointDisabled('/environment', 'environment.enabled'));
    }
    if (!(await this.access.allowsDetails(request, response, this.constructor as Type))) {
      return this.responder.error(response, 403, 'Forbidden', messages.detailsRefused('/environment'));
    }
    this.responder.json(response, 200, await this.environment.collect(), formatOf(acceptOf(request), ACTUATOR_FORMATS));
  }
}
