import { Controller, Get, Inject, Param, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { doorOf } from '../http/management-request.js';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { isDependencyCheck } from '../dependencies/dependency-check-header.js';
import { healthJsonBody } from '../formats/health-json.js';
import { acceptOf, ACTUATOR_FORMATS, formatOf, HEALTH_FORMATS } from '../formats/media-type.js';
import { ManagementResponder } from '../http/management-responder.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { LIVENESS_GROUP, MANAGEMENT_OPTIONS, MAX_HEALTH_NAME_LENGTH, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { componentBody, PROBE_SHAPES, shapedBody } from './health-body.js';
import type { AggregateShape } from './health-body.js';
import { HealthService } from './health.service.js';
import type { EvaluationScope, HealthAggregate } from './health.service.js';
import { httpStatusOf } from './health-status.js';

const SCOPES: Readonly<Record<string, EvaluationScope>> = {
  application: Object.freeze({ applicationPort: true }),
  management: Object.freeze({}),
  'application-local': Object.freeze({ applicationPort: true, localOnly: true }),
  'management-local': Object.freeze({ localOnly: true }),
};

/**
 * The health endpoints, HTTP only: which evaluation, which status code, how much to show, in
 * which format (Spring's JSON, or health+json when the client's `Accept` prefers it). A request
 * marked as another service's dependency check is evaluated without remote checks.
 * Routes are relative; `ManagementModule` mounts a subclass at its `basePath`.
 */
@Controller({ version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly health: HealthService,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('health')
  all(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateAll(scopeOf(request)), 'components', {
      groups: this.health.groupNames(),
    });
  }

  /**
   * Always terse: the kubelet reads only the status, and a slow authorizer must not delay it.
   * Always whole too (a dependency check's mark narrows nothing here), as the probe worker answers it.
   */
  @Get('health/liveness')
  liveness(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(LIVENESS_GROUP, doorScope(request)), PROBE_SHAPES.liveness);
  }

  @Get('health/ping')
  ping(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.liveness(request, response);
  }

  @Get('health/readiness')
  readiness(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(READINESS_GROUP, scopeOf(request)), PROBE_SHAPES.readiness);
  }

  @Get('health/startup')
  startup(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(STARTUP_GROUP, scopeOf(request)), PROBE_SHAPES.startup);
  }

  /** A custom group (components listed) or a single component, Spring style. */
  @Get('health/:name')
  named(@Param('name') name: string, @Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    if (name.length > MAX_HEALTH_NAME_LENGTH) {
      return this.responder.error(response, 414, 'URI Too Long', messages.healthNameTooLong(MAX_HEALTH_NAME_LENGTH));
    }
    if (this.health.isGroup(name)) {
      return this.answerAggregate(request, response, this.health.evaluateGroup(name, scopeOf(request)), 'components');
    }
    const result = this.health.evaluateCheck(name);
    if (!result) return this.responder.error(response, 404, 'Not Found', messages.unknownHealthTarget(name));
    const format = formatOf(acceptOf(request), ACTUATOR_FORMATS);
    return whenBoth(result, this.access.allowsDetails(request, response, this.constructor as Type), (settled, details) =>
      this.responder.json(response, httpStatusOf(settled.status, this.options.statusHttpMapping), componentBody(settled, details), format),
    );
  }

  private answerAggregate(
    request: unknown,
    response: unknown,
    evaluation: HealthAggregate | Promise<HealthAggregate>,
    shape: AggregateShape,
    extra?: Record<string, unknown>,
  ): void | Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    const shown = shape === 'terse' ? false : this.access.allowsDetails(request, response, this.constructor as Type);
    const format = formatOf(acceptOf(request), HEALTH_FORMATS);
    return whenBoth(evaluation, shown, (aggregate, details) => {
      const body =
        format === 'health' ? healthJsonBody(aggregate, shape, details, serviceIdentityOf(this.options)) : shapedBody(aggregate, shape, details, extra);
      this.responder.json(response, httpStatusOf(aggregate.status, this.options.statusHttpMapping), body, format);
    });
  }
}

/** Local checks only for another service's dependency check, on the door the request came in by. */
function scopeOf(request: unknown): EvaluationScope {
  return SCOPES[isDependencyCheck(request) ? `${doorOf(request)}-local` : doorOf(request)]!;
}

/** The door's scope, whatever marks the request carries. */
function doorScope(request: unknown): EvaluationScope {
  return SCOPES[doorOf(request)]!;
}

/** Calls `then` with both values, synchronously when neither is a promise. */
function whenBoth<A, B>(
  first: A | Promise<A>,
  second: B | Promise<B>,
  then: (first: A, second: B) => void,
): void | Promise<void> {
  if (!(first instanceof Promise) && !(second instanceof Promise)) return then(first, second);
  return Promise.all([first, second]).then(([a, b]) => then(a, b));
}
