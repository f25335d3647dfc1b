import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ManagementResponder } from '../http/management-responder.js';
import { InfoService } from './info.service.js';

/** GET /info: the application, its build, git and OpenTelemetry resource attributes, and contributed sections. */
@Controller({ version: VERSION_NEUTRAL })
export class InfoController {
  constructor(
    private readonly info: InfoService,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('info')
  async show(@Res() response: unknown): Promise<void> {
    this.responder.json(response, 200, await this.info.collect());
  }
}
