import { Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { ServingWatch } from '../lifecycle/serving.js';
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
  /** Whether its status counts towards the aggregate; absent for the application's own state (it does). */
  readonly critical?: boolean;
  /** What the health+json format calls it (`'component'`, `'datastore'`, `'system'`...). */
  readonly componentType?: string;
}

/** How a request asks for an evaluation. */
export interface EvaluationScope {
  /**
   * Leave out remote checks (service dependencies): the request is another service's dependency
   * check, and running ours would cascade. Default `false`.
   */
  readonly localOnly?: boolean;
  /**
   * The request came in on the application's own port (or in-process): it shows by itself that the
   * application serves, so readiness does not also wait for the server to listen. Default `false`.
   */
  readonly applicationPort?: boolean;
}

/** The answer for a set of checks: the aggregated status and each component. */
export interface HealthAggregate {
  readonly status: HealthStatus;
  readonly components: readonly HealthComponent[];
}

/** What the latest results say about a set of checks; see `HealthService.latestKnown()`. */
export interface LatestKnown {
  readonly aggregate: HealthAggregate;
  /** Checks of the set that have no result yet, by name. */
  readonly pending: readonly string[];
}

type Evaluation<T> = T | Promise<T>;

/**
 * Decides statuses: evaluates a group (or every check) concurrently and aggregates worst-first,
 * adding the application's own availability to the liveness, readiness and startup groups.
 * Controllers call only this. Answers synchronously when every result is cached.
 */
@Injectable()
export class HealthService implements OnApplicationBootstrap {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly runner: CheckRunner,
    private readonly availability: ApplicationAvailability,
    private readonly servingWatch: ServingWatch,
  ) {}

  /**
   * Starts the background checks; once bootstrap is over (Nest's bootstrap hooks have run and the
   * microservice transports listen), the startup checks run once, so start-up can finish without
   * waiting for a probe.
   */
  onApplicationBootstrap(): void {
    this.servingWatch.whenBootstrapped(() => {
      this.runner.startBackground(this.registry.all());
      this.availability.markBootstrapped();
      void this.evaluateGroup(STARTUP_GROUP);
    });
  }

  /** When the answer for `group` goes stale, as a `performance.now()` time; Infinity: never. */
  freshUntil(group: string): number {
    let until = Infinity;
    for (const check of this.checksOf(group)) {
      until = Math.min(until, this.runner.freshUntil(check, group));
    }
    return until;
  }

  /** Every check: what /health shows. */
  evaluateAll(scope?: EvaluationScope): Evaluation<HealthAggregate> {
    return this.aggregate(scoped(this.registry.all(), scope), undefined, scope);
  }

  /**
   * The checks of `group` and, for liveness, readiness and startup, the application's own state.
   * Until start-up has finished, readiness also runs the startup checks; the first time they all
   * pass after Nest's bootstrap, start-up is over.
   */
  evaluateGroup(group: string, scope?: EvaluationScope): Evaluation<HealthAggregate> {
    return this.aggregate(scoped(this.checksOf(group), scope), group, scope);
  }

  private checksOf(group: string): readonly RegisteredCheck[] {
    return group === READINESS_GROUP && this.availability.startup !== 'STARTED'
      ? union(this.registry.inGroup(READINESS_GROUP), this.registry.inGroup(STARTUP_GROUP))
      : this.registry.inGroup(group);
  }

  /**
   * `group` from the latest results, running nothing, only once every check of it has one (for
   * publishing the probe worker's answers, which must be what an evaluation would answer);
   * undefined until then.
   */
  latestOfGroup(group: string, scope?: EvaluationScope): HealthAggregate | undefined {
    const { aggregate, pending } = this.latestKnown(group, scope);
    return pending.length === 0 ? aggregate : undefined;
  }

  /**
   * `group` (or, without one, every check) from the latest results, running nothing: what the
   * metrics, the history, notifications and the dashboard read, so that they agree. It always
   * answers; checks without a result yet are named in `pending`. With a critical check pending,
   * the status is the worst known one when that is DOWN or OUT_OF_SERVICE (whatever the pending
   * check says, it cannot be better), and UNKNOWN otherwise (it could still be worse than UP).
   */
  latestKnown(group?: string, scope?: EvaluationScope): LatestKnown {
    const checks = group === undefined ? this.registry.all() : this.checksOf(group);
    const known: RegisteredCheck[] = [];
    const results: CheckResult[] = [];
    const pending: string[] = [];
    let undecided = false;
    for (const check of checks) {
      const result = this.runner.latest(check, group);
      if (result) {
        known.push(check);
        results.push(result);
      } else {
        pending.push(check.name);
        undecided ||= check.critical;
      }
    }
    const aggregate = this.summarise(known, results, group, scope);
    if (!undecided || aggregate.status === 'DOWN' || aggregate.status === 'OUT_OF_SERVICE') return { aggregate, pending };
    return { aggregate: { ...aggregate, status: 'UNKNOWN' }, pending };
  }

  /** One check, or undefined when no check has that name. */
  evaluateCheck(name: string): Evaluation<CheckResult> | undefined {
    const check = this.registry.get(name);
    return check && this.runner.run(check);
  }

  isGroup(name: string): boolean {
    return isBuiltInGroup(name) || this.registry.hasGroup(name);
  }

  /** Group names a client may ask for at /health/{group}. */
  groupNames(): string[] {
    return [LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP, ...this.registry.groupNames().filter((name) => !isBuiltInGroup(name))];
  }

  private aggregate(checks: readonly RegisteredCheck[], group: string | undefined, scope: EvaluationScope | undefined): Evaluation<HealthAggregate> {
    // Nothing runs before bootstrap is over: a check of what is still starting (the application's
    // own transport, a pool) would fail and keep failing for its cache time.
    const run = this.availability.isBootstrapped ? (check: RegisteredCheck) => this.runner.run(check, group) : (check: RegisteredCheck) => this.runner.latest(check, group) ?? NOT_RUN_YET;
    const results = checks.map(run);
    if (results.every((result) => !(result instanceof Promise))) return this.summarise(checks, results as CheckResult[], group, scope);
    return Promise.all(results).then((settled) => this.summarise(checks, settled, group, scope));
  }

  private summarise(
    checks: readonly RegisteredCheck[],
    results: readonly CheckResult[],
    group: string | undefined,
    scope?: EvaluationScope,
  ): HealthAggregate {
    if ((group === READINESS_GROUP || group === STARTUP_GROUP) && this.availability.startup !== 'STARTED') {
      this.finishStartupIfPassed(checks, results);
    }
    const own = group === undefined ? undefined : this.ownState(group, scope?.applicationPort === true);
    const components: HealthComponent[] = [];
    let status: HealthStatus | undefined = own?.result.status;
    for (let index = 0; index < checks.length; index++) {
      const check = checks[index]!;
      const result = results[index]!;
      components.push({ name: check.name, result, critical: check.critical, componentType: check.componentType });
      if (check.critical) status = status === undefined ? result.status : worseStatus(status, result.status);
    }
    if (own) components.push(own);
    return { status: status ?? 'UP', components };
  }

  /** Start-up is over once bootstrap has finished and every critical startup check is UP. */
  private finishStartupIfPassed(checks: readonly RegisteredCheck[], results: readonly CheckResult[]): void {
    if (!this.availability.isBootstrapped) return;
    const startupChecks = this.registry.inGroup(STARTUP_GROUP);
    const passed = startupChecks.every((check) => !check.critical || results[checks.indexOf(check)]?.status === 'UP');
    if (passed) this.availability.markStarted();
  }

  private ownState(group: string, onApplicationPort: boolean): HealthComponent | undefined {
    const availability = this.availability;
    if (group === LIVENESS_GROUP) {
      return availability.liveness === 'CORRECT' ? LIVENESS_CORRECT : stateComponent('livenessState', 'DOWN', availability.livenessReason);
    }
    if (group === READINESS_GROUP) {
      const refusal = onApplicationPort ? availability.readinessReasonOnApplicationPort : availability.readinessReason;
      return refusal === undefined ? READINESS_ACCEPTING : stateComponent('readinessState', 'OUT_OF_SERVICE', refusal);
    }
    if (group === STARTUP_GROUP) {
      return availability.startup === 'STARTED'
        ? STARTUP_FINISHED
        : stateComponent('startupState', 'OUT_OF_SERVICE', availability.isBootstrapped ? 'startup checks have not passed yet' : 'the application is starting');
    }
    return undefined;
  }
}

/** `checks` without the remote ones when the scope asks for local checks only. */
function scoped(checks: readonly RegisteredCheck[], scope: EvaluationScope | undefined): readonly RegisteredCheck[] {
  return scope?.localOnly ? checks.filter((check) => !check.remote) : checks;
}

function isBuiltInGroup(name: string): boolean {
  return name === LIVENESS_GROUP || name === READINESS_GROUP || name === STARTUP_GROUP;
}

function stateComponent(name: string, status: HealthStatus, reason?: string): HealthComponent {
  return { name, result: reason ? { status, details: { reason } } : { status }, componentType: 'system' };
}

const LIVENESS_CORRECT = Object.freeze(stateComponent('livenessState', 'UP'));
const READINESS_ACCEPTING = Object.freeze(stateComponent('readinessState', 'UP'));
const STARTUP_FINISHED = Object.freeze(stateComponent('startupState', 'UP'));

/** A check's place in an answer given before bootstrap is over, when it has not run yet. */
const NOT_RUN_YET: CheckResult = Object.freeze({
  status: 'UNKNOWN',
  details: Object.freeze({ reason: 'not run yet: the application is starting' }),
  checkedAt: new Date(0).toISOString(),
  durationMs: 0,
});

function union(first: readonly RegisteredCheck[], second: readonly RegisteredCheck[]): readonly RegisteredCheck[] {
  return second.length === 0 ? first : [...new Set([...first, ...second])];
}
