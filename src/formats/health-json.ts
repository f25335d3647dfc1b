/**
 * The IETF health check response format (draft-inadarei-api-health-check), as a pure function
 * of an aggregate: what API gateways and monitors that speak `application/health+json` read.
 */
import type { AggregateShape } from '../health/health-body.js';
import type { ComponentResult, HealthAggregate, HealthComponent } from '../health/health.service.js';

/** The draft's three statuses. */
export type HealthJsonStatus = 'pass' | 'warn' | 'fail';

/** Who answers: from /info and /version, each left out when unknown. */
export interface ServiceIdentity {
  /** The service's name (`service.name`). */
  readonly serviceId?: string;
  /** Its public version (the application's package version). */
  readonly version?: string;
  /** The release running (the static /version answer: the `version` option or `VERSION`). */
  readonly releaseId?: string;
}

type Body = Record<string, unknown>;

/**
 * `aggregate` as the draft's body. UP is `pass`; a component that does not count against the
 * aggregate (not critical, or UNKNOWN, which Spring ranks below UP) is `warn` when it is not UP,
 * and so is an UP aggregate with such a component; everything else is `fail`. `checks` appear
 * where the Spring body would list components, keyed `name:responseTime` for an executed check and `name` for the application's own state;
 * observed values and `output` (the failure reason) only where details are allowed.
 */
export function healthJsonBody(aggregate: HealthAggregate, shape: AggregateShape, details: boolean, identity: ServiceIdentity): Body {
  const body: Body = { status: aggregateStatus(aggregate), ...identity };
  if (shape === 'terse' || (shape === 'status' && !details)) return body;
  const checks: Body = {};
  for (const component of aggregate.components) {
    const { result } = component;
    const measured = result.durationMs !== undefined;
    checks[measured ? `${component.name}:responseTime` : component.name] = [checkEntry(component, details)];
  }
  body.checks = checks;
  return body;
}

function aggregateStatus(aggregate: HealthAggregate): HealthJsonStatus {
  if (aggregate.status !== 'UP') return 'fail';
  return aggregate.components.every(({ result }) => result.status === 'UP') ? 'pass' : 'warn';
}

function componentStatus(component: HealthComponent): HealthJsonStatus {
  const { status } = component.result;
  if (status === 'UP') return 'pass';
  return component.critical === false || status === 'UNKNOWN' ? 'warn' : 'fail';
}

function checkEntry(component: HealthComponent, details: boolean): Body {
  const { result } = component;
  const entry: Body = { componentId: component.name, componentType: component.componentType ?? 'component', status: componentStatus(component) };
  if (result.checkedAt !== undefined) entry.time = result.checkedAt;
  if (!details) return entry;
  if (result.durationMs !== undefined) {
    entry.observedValue = result.durationMs;
    entry.observedUnit = 'ms';
  }
  const output = reasonOf(result);
  if (output !== undefined) entry.output = output;
  return entry;
}

/** The failure reason of a component that is not UP: its error, or its state's reason. */
function reasonOf(result: ComponentResult): string | undefined {
  if (result.status === 'UP') return undefined;
  const { error, reason } = (result.details ?? {}) as { error?: unknown; reason?: unknown };
  if (typeof error === 'string') return error;
  return typeof reason === 'string' ? reason : undefined;
}
