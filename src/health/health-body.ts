import type { ComponentResult, HealthAggregate } from './health.service.js';
import { HEALTH_STATUSES } from './health-status.js';
import type { HealthStatus } from './health-status.js';

/**
 * How an endpoint shows an aggregate: `terse` is `{status}` whoever asks; `status` adds the
 * components only where details are allowed; `components` always lists them.
 */
export type AggregateShape = 'terse' | 'status' | 'components';

/** The shape of each Kubernetes probe endpoint, shared by the controller and the probe worker's publisher. */
export const PROBE_SHAPES = { liveness: 'terse', readiness: 'status', startup: 'status' } as const satisfies Record<string, AggregateShape>;

/** `aggregate` as an endpoint of `shape` shows it, with or without details. */
export function shapedBody(aggregate: HealthAggregate, shape: AggregateShape, details: boolean, extra?: Body): Body {
  return aggregateBody(aggregate, { components: shape === 'components', details: shape !== 'terse' && details }, extra);
}

/** How much of an aggregate a response shows. */
export interface BodyShape {
  /** List each component's status (details need `details` too). */
  components: boolean;
  /** Show failure reasons, reported details and when each result was taken. */
  details: boolean;
}

type Body = Record<string, unknown>;

const TERSE: Readonly<Record<HealthStatus, Body>> = Object.fromEntries(
  HEALTH_STATUSES.map((status) => [status, Object.freeze({ status })]),
) as unknown as Record<HealthStatus, Body>;

/** `{ status, details?, checkedAt?, durationMs? }` for one component, in Spring's shape. */
export function componentBody(result: ComponentResult, details: boolean): Body {
  if (!details) return TERSE[result.status];
  const body: Body = { status: result.status };
  if (result.details && Object.keys(result.details).length > 0) body.details = result.details;
  if (result.checkedAt !== undefined) body.checkedAt = result.checkedAt;
  if (result.durationMs !== undefined) body.durationMs = result.durationMs;
  return body;
}

/** `{ status, components? }` for an aggregate, in Spring's shape; `extra` adds top-level keys. */
export function aggregateBody(aggregate: HealthAggregate, shape: BodyShape, extra?: Body): Body {
  if (!shape.components && !shape.details && !extra) return TERSE[aggregate.status];
  const body: Body = { status: aggregate.status };
  if (shape.components || shape.details) {
    const components: Body = {};
    for (const { name, result } of aggregate.components) components[name] = componentBody(result, shape.details);
    body.components = components;
  }
  return extra ? Object.assign(body, extra) : body;
}
