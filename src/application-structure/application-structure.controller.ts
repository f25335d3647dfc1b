import { Controller, Get, Inject, Options, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { diagnosticEndpoint } from '../diagnostics/diagnostics.options.js';
import type { DiagnosticEndpointName } from '../diagnostics/diagnostics.options.js';
import { acceptOf, ACTUATOR_FORMATS, CONTENT_TYPES, formatOf } from '../formats/media-type.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { BeanGraph } from './bean-graph.js';
import { ConfigurationProperties } from './configuration-properties.js';
import { RouteMappings } from './route-mappings.js';
import { ScheduledTasks } from './scheduled-tasks.js';
import { StartupTimeline } from './startup-timeline.js';

/**
 * What the application is made of, in Spring Boot Actuator's shapes: GET /mappings, /beans,
 * /scheduledtasks, /configprops and /startup (also POST, as Actuator offers it, and OPTIONS,
 * which Spring Boot Admin asks first). Each is off unless `diagnostics.<name>` is set, and
 * passes the diagnostic gate: the authorizer must say yes, cross-site requests are refused, every
 * request is logged with the client's address.
 */
@Controller({ version: VERSION_NEUTRAL })
export class ApplicationStructureController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
    private readonly mappings: RouteMappings,
    private readonly beans: BeanGraph,
    private readonly tasks: ScheduledTasks,
    private readonly configuration: ConfigurationProperties,
    private readonly startup: StartupTimeline,
  ) {}

  @Get('mappings')
  async showMappings(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'mappings', () => this.mappings.collect());
  }

  @Get('beans')
  async showBeans(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'beans', () => this.beans.collect());
  }

  @Get('scheduledtasks')
  async showScheduledTasks(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'scheduledtasks', () => this.tasks.collect());
  }

  @Get('configprops')
  async showConfigurationProperties(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'configprops', () => this.configuration.collect());
  }

  @Get('startup')
  async showStartup(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'startup', () => this.startup.collect());
  }

  /** Actuator's POST /startup drains its buffer; this timeline is fixed, so it answers as GET does. */
  @Post('startup')
  async drainStartup(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    await this.answer(request, response, 'startup', () => this.startup.collect());
  }

  /** Spring Boot Admin asks which methods /startup takes before it reads it. */
  @Options('startup')
  async startupMethods(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.allowDiagnostics(request, response, this.constructor as Type, this.endpoint('startup')))) return;
    this.responder.write(response, 200, CONTENT_TYPES.json, '{}', { Allow: 'GET, HEAD, POST, OPTIONS' });
  }

  private async answer(request: unknown, response: unknown, name: DiagnosticEndpointName, collect: () => object | Promise<object>): Promise<void> {
    if (!(await this.gates.allowDiagnostics(request, response, this.constructor as Type, this.endpoint(name)))) return;
    this.responder.json(response, 200, await collect(), formatOf(acceptOf(request), ACTUATOR_FORMATS));
  }

  private endpoint(name: DiagnosticEndpointName) {
    return diagnosticEndpoint(this.options.diagnostics, name);
  }
}
