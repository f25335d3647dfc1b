import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { acceptOf, ACTUATOR_FORMATS, formatOf } from '../formats/media-type.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { EnvironmentService } from './environment.service.js';

/** GET /environment: 404 unless enabled, 403 unless the request may see details. */
@Controller({ version: VERSION_NEUTRAL })
export class EnvironmentController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly environment: EnvironmentService,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('environment')
  async show(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    const endpoint = { path: '/environment', option: 'environment.enabled', enabled: this.options.environment.enabled };
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, endpoint))) return;
    this.responder.json(response, 200, await this.environment.collect(), formatOf(acceptOf(request), ACTUATOR_FORMATS));
  }
}
