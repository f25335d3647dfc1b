import { Controller, Get, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { acceptOf, ACTUATOR_FORMATS, formatOf } from '../formats/media-type.js';
import { ManagementResponder } from '../http/management-responder.js';
import { InfoService } from './info.service.js';

/**
 * GET /info: the application, its build, git, the `service.*` resource attributes and contributed
 * sections for everyone; the host and process attributes too where details are allowed.
 */
@Controller({ version: VERSION_NEUTRAL })
export class InfoController {
  constructor(
    private readonly info: InfoService,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('info')
  async show(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    const details = this.access.allowsDetails(request, response, this.constructor as Type);
    this.responder.json(response, 200, await this.info.collect(details), formatOf(acceptOf(request), ACTUATOR_FORMATS));
  }
}
