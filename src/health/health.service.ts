import { Injectable } from '@nestjs/common';
import { LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { CheckRunner } from './check-runner.js';
import type { CheckResult } from './check-result.js';
import { HealthRegistry } from './health.registry.js';
import type { RegisteredCheck } from './health.registry.js';
import { worseStatus } from './health-status.js';
import type { HealthStatus } from './health-status.js';

/** What a component shows: a check's result, or the application's own state (no timing). */
export type ComponentResult = Pick<CheckResult, 'status' | 'details'> & Partial<Pick<CheckResult, 'checkedAt' | 'durationMs'>>;

/** One named part of an aggregate. */
export interface HealthComponent {
  readonly name: string;
  readonly result: ComponentResult;
}

/** The answer for a set of checks: the aggregated status and each component. */
export interface HealthAggregate {
  readonly status: HealthStatus;
  readonly components: readonly HealthComponent[];
}

type Evaluation<T> = T | Promise<T>;

/**
 * Decides statuses: evaluates a group (or every check) concurrently and aggregates worst-first.
 * Controllers call only this. Answers synchronously when every result is cached.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly runner: CheckRunner,
    private readonly availability: ApplicationAvailability,
  ) {}

  /** Every check: what /health shows. */
  evaluateAll(): Evaluation<HealthAggregate> {
    return this.aggregate(this.registry.all(), undefined, undefined);
  }

  /** The checks of `group`, plus the application's own state for readiness and startup. */
  evaluateGroup(group: string): Evaluation<HealthAggregate> {
    return this.aggregate(this.registry.inGroup(group), group, this.ownState(group));
  }

  /** One check, or undefined when no check has that name. */
  evaluateCheck(name: string): Evaluation<CheckResult> | undefined {
    const check = this.registry.get(name);
    return check && this.runner.run(check);
  }

  isGroup(name: string): boolean {
    return name === LIVENESS_GROUP || name === READINESS_GROUP || name === STARTUP_GROUP || this.registry.hasGroup(name);
  }

  /** Group names a client may ask for at /health/{group}. */
  groupNames(): string[] {
    const custom = this.registry.groupNames().filter((name) => !this.isBuiltIn(name));
    return [LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP, ...custom];
  }

  private isBuiltIn(name: string): boolean {
    return name === LIVENESS_GROUP || name === READINESS_GROUP || name === STARTUP_GROUP;
  }

  private ownState(group: string): HealthComponent | undefined {
    if (group === READINESS_GROUP) {
      const accepting = this.availability.readiness === 'ACCEPTING_TRAFFIC';
      return stateComponent('readinessState', accepting ? 'UP' : 'OUT_OF_SERVICE');
    }
    if (group === STARTUP_GROUP) {
      return stateComponent('startupState', this.availability.startup === 'STARTED' ? 'UP' : 'OUT_OF_SERVICE');
    }
    return undefined;
  }

  private aggregate(
    checks: readonly RegisteredCheck[],
    group: string | undefined,
    own: HealthComponent | undefined,
  ): Evaluation<HealthAggregate> {
    const results = checks.map((check) => this.runner.run(check, group));
    if (results.every((result) => !(result instanceof Promise))) {
      return summarise(checks, results as CheckResult[], own);
    }
    return Promise.all(results).then((settled) => summarise(checks, settled, own));
  }
}

function summarise(
  checks: readonly RegisteredCheck[],
  results: readonly CheckResult[],
  own: HealthComponent | undefined,
): HealthAggregate {
  const components: HealthComponent[] = [];
  let status: HealthStatus | undefined = own?.result.status;
  for (let index = 0; index < checks.length; index++) {
    const check = checks[index]!;
    const result = results[index]!;
    components.push({ name: check.name, result });
    if (check.critical) status = status === undefined ? result.status : worseStatus(status, result.status);
  }
  if (own) components.push(own);
  return { status: status ?? 'UP', components };
}

function stateComponent(name: string, status: HealthStatus): HealthComponent {
  return { name, result: { status } };
}
