import { Controller, Get, Param, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { ManagementResponder } from '../http/management-responder.js';
import { LIVENESS_GROUP, MAX_HEALTH_NAME_LENGTH, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import { messages } from '../messages.js';
import { componentBody, PROBE_SHAPES, shapedBody } from './health-body.js';
import type { AggregateShape } from './health-body.js';
import { HealthService } from './health.service.js';
import type { HealthAggregate } from './health.service.js';
import { httpStatusOf } from './health-status.js';

/**
 * The health endpoints, HTTP only: which evaluation, which status code, how much to show.
 * Routes are relative; `ManagementModule` mounts a subclass at its `basePath`.
 */
@Controller({ version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('health')
  all(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateAll(), 'components', {
      groups: this.health.groupNames(),
    });
  }

  /** Always terse: the kubelet reads only the status, and a slow authorizer must not delay it. */
  @Get('health/liveness')
  liveness(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(LIVENESS_GROUP), PROBE_SHAPES.liveness);
  }

  @Get('health/ping')
  ping(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.liveness(request, response);
  }

  @Get('health/readiness')
  readiness(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(READINESS_GROUP), PROBE_SHAPES.readiness);
  }

  @Get('health/startup')
  startup(@Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    return this.answerAggregate(request, response, this.health.evaluateGroup(STARTUP_GROUP), PROBE_SHAPES.startup);
  }

  /** A custom group (components listed) or a single component, Spring style. */
  @Get('health/:name')
  named(@Param('name') name: string, @Req() request: unknown, @Res() response: unknown): void | Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    if (name.length > MAX_HEALTH_NAME_LENGTH) {
      return this.responder.error(response, 414, 'URI Too Long', messages.healthNameTooLong(MAX_HEALTH_NAME_LENGTH));
    }
    if (this.health.isGroup(name)) {
      return this.answerAggregate(request, response, this.health.evaluateGroup(name), 'components');
    }
    const result = this.health.evaluateCheck(name);
    if (!result) return this.responder.error(response, 404, 'Not Found', messages.unknownHealthTarget(name));
    return whenBoth(result, this.access.allowsDetails(request, response, this.constructor as Type), (settled, details) =>
      this.responder.json(response, httpStatusOf(settled.status), componentBody(settled, details)),
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
    return whenBoth(evaluation, shown, (aggregate, details) => {
      this.responder.json(response, httpStatusOf(aggregate.status), shapedBody(aggregate, shape, details, extra));
    });
  }
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
