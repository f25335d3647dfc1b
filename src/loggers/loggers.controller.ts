import { Controller, Get, Inject, Logger, Param, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { operationRefusal } from '../access/cross-site.js';
import { ManagementResponder } from '../http/management-responder.js';
import { readJsonBody, TOO_SLOW, UNREADABLE } from '../http/request-body.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { LoggersService, parseLevelChange, ROOT_LOGGER } from './loggers.service.js';

/**
 * /loggers: GET shows the application's log levels to requests allowed to see details; POST
 * changes them for authorized requests only. 404 unless enabled, 403 when refused, 400 for a bad
 * body, 409 when the application's logger cannot change levels.
 */
@Controller({ version: VERSION_NEUTRAL })
export class LoggersController {
  private readonly audit = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly loggers: LoggersService,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('loggers')
  async list(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.mayRead(request, response))) return;
    this.responder.json(response, 200, this.loggers.document());
  }

  @Get('loggers/:name')
  async one(@Param('name') name: string, @Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.mayRead(request, response))) return;
    if (name !== ROOT_LOGGER) return this.responder.error(response, 404, 'Not Found', messages.unknownLogger(name));
    this.responder.json(response, 200, this.loggers.root());
  }

  @Post('loggers')
  change(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    return this.changeNamed(ROOT_LOGGER, request, response);
  }

  /** Spring Boot Admin's form: POST /loggers/ROOT with `{ "configuredLevel": "DEBUG" }`. */
  @Post('loggers/:name')
  async changeNamed(@Param('name') name: string, @Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    if (!this.options.loggers.enabled) return this.disabled(response);
    const crossSite = operationRefusal(request);
    if (crossSite) return this.responder.error(response, crossSite.statusCode, crossSite.error, crossSite.message);
    if (!(await this.access.allowsOperation(request, response, this.constructor as Type))) {
      return this.responder.error(response, 403, 'Forbidden', messages.operationRefused('Changing log levels'));
    }
    if (name !== ROOT_LOGGER) return this.responder.error(response, 404, 'Not Found', messages.unknownLogger(name));
    const body = await readJsonBody(request, this.options.timeout);
    if (body === TOO_SLOW) return this.responder.error(response, 408, 'Request Timeout', messages.bodyTooSlow(this.options.timeout));
    const change = body === UNREADABLE ? messages.loggersBodyNotJson() : body === undefined ? messages.loggersFieldMissing() : parseLevelChange(body);
    if (typeof change === 'string') return this.responder.error(response, 400, 'Bad Request', change);
    const refusal = this.loggers.refusal();
    if (refusal) return this.responder.error(response, 409, 'Conflict', refusal);
    // Logged before the change, which may silence this level.
    this.audit.log(messages.logLevelsChanged(JSON.stringify(change), this.access.clientAddressOf(request)));
    this.responder.json(response, 200, this.loggers.apply(change));
  }

  private async mayRead(request: unknown, response: unknown): Promise<boolean> {
    if (!this.access.admits(request)) {
      this.responder.forbidden(response);
      return false;
    }
    if (!this.options.loggers.enabled) {
      this.disabled(response);
      return false;
    }
    if (!(await this.access.allowsDetails(request, response, this.constructor as Type))) {
      this.responder.error(response, 403, 'Forbidden', messages.detailsRefused('/loggers'));
      return false;
    }
    return true;
  }

  private disabled(response: unknown): void {
    this.responder.error(response, 404, 'Not Found', messages.endpointDisabled('/loggers', 'loggers.enabled'));
  }
}
