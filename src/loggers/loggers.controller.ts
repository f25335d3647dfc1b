import { Controller, Get, Inject, Logger, Param, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import type { OptInEndpoint } from '../http/endpoint-gates.js';
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
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('loggers')
  async list(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, this.endpoint()))) return;
    this.responder.json(response, 200, this.loggers.document());
  }

  @Get('loggers/:name')
  async one(@Param('name') name: string, @Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, this.endpoint()))) return;
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
    if (!(await this.gates.allowOperation(request, response, this.constructor as Type, this.endpoint(), 'Changing log levels'))) return;
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

  private endpoint(): OptInEndpoint {
    return { path: '/loggers', option: 'loggers.enabled', enabled: this.options.loggers.enabled };
  }
}
