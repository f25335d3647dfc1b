import type { Subscription } from 'rxjs';
import type { CheckRunner } from '../health/check-runner.js';
import type { HealthStatus } from '../health/health-status.js';
import type { HealthRegistry } from '../health/health.registry.js';
import type { EvaluationScope, HealthService } from '../health/health.service.js';
import type { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { READINESS_GROUP } from '../management.constants.js';
import type { ServingStatus } from '../probe-worker/grpc-health-codec.js';

/** The gRPC health service's name for the application as a whole: readiness (see docs/grpc.md). */
export const WHOLE_APPLICATION = '';

/** One service name's state: what a health client is told, and until when it holds without a new run. */
export interface ServiceState {
  readonly status: ServingStatus;
  /** `performance.now()` time after which the results behind it are stale; Infinity: never. */
  readonly freshUntil: number;
}

/** Changed service names, with their new state; null: the name is gone (its check or group was removed). */
export type ServiceChanges = ReadonlyMap<string, ServiceState | null>;

export interface ServiceStatusesDependencies {
  readonly health: HealthService;
  readonly registry: HealthRegistry;
  readonly runner: CheckRunner;
  readonly availability: ApplicationAvailability;
}

/**
 * The `grpc.health.v1` view of the module's health: every service name (`""`, each group, each
 * check) and whether it is SERVING (UP) or NOT_SERVING (anything else). Statuses come from the
 * latest results, running nothing; while anyone listens they are worked out again once per turn
 * of the event loop after a result lands, availability changes or a check is added or removed,
 * and the names that changed are delivered. `evaluate()` runs what has expired, as an HTTP probe does.
 */
export class ServiceStatuses {
  private readonly listeners = new Set<(changes: ServiceChanges) => void>();
  private current = new Map<string, ServiceState>();
  private stopFollowing: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly dependencies: ServiceStatusesDependencies,
    private readonly scope: EvaluationScope | undefined,
  ) {}

  /** The state of `name` from the latest results; undefined when no group or check has that name. */
  stateOf(name: string): ServiceState | undefined {
    const { health, registry, runner } = this.dependencies;
    const group = name === WHOLE_APPLICATION ? READINESS_GROUP : name;
    if (health.isGroup(group)) {
      return { status: servingOf(health.latestKnown(group, this.scope).aggregate.status), freshUntil: health.freshUntil(group) };
    }
    const check = registry.get(name);
    if (!check) return undefined;
    return { status: servingOf(runner.latest(check)?.status ?? 'UNKNOWN'), freshUntil: runner.freshUntil(check) };
  }

  /** The status of `name`, running its checks whose results have expired (cached, shared with concurrent runs). */
  evaluate(name: string): ServingStatus | undefined | Promise<ServingStatus | undefined> {
    const { health } = this.dependencies;
    const group = name === WHOLE_APPLICATION ? READINESS_GROUP : name;
    if (health.isGroup(group)) {
      const evaluation = health.evaluateGroup(group, this.scope);
      return evaluation instanceof Promise ? evaluation.then((aggregate) => servingOf(aggregate.status)) : servingOf(evaluation.status);
    }
    const result = health.evaluateCheck(name);
    if (result === undefined) return undefined;
    return result instanceof Promise ? result.then((settled) => servingOf(settled.status)) : servingOf(result.status);
  }

  /** Every service name with its state, from the latest results. */
  all(): Map<string, ServiceState> {
    const { health, registry } = this.dependencies;
    const states = new Map<string, ServiceState>();
    for (const name of [WHOLE_APPLICATION, ...health.groupNames(), ...registry.all().map((check) => check.name)]) {
      if (states.has(name)) continue;
      const state = this.stateOf(name);
      if (state) states.set(name, state);
    }
    return states;
  }

  /**
   * Calls `listener` with the names whose state changed, from now on; returns the function that
   * stops it. The states as of the call are `known()`.
   */
  follow(listener: (changes: ServiceChanges) => void): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** The states last worked out for the listeners (all of them while anyone follows). */
  known(): ReadonlyMap<string, ServiceState> {
    return this.current;
  }

  private start(): void {
    const { runner, registry, availability } = this.dependencies;
    this.current = this.all();
    const schedule = () => this.schedule();
    const subscription: Subscription = availability.changes.subscribe(schedule);
    this.stopFollowing = [runner.onResult(schedule), registry.onChange(schedule), () => subscription.unsubscribe()];
  }

  private stop(): void {
    for (const stop of this.stopFollowing) stop();
    this.stopFollowing = [];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.listeners.size > 0) this.recompute();
    });
  }

  private recompute(): void {
    const next = this.all();
    const changes = new Map<string, ServiceState | null>();
    for (const [name, state] of next) {
      const previous = this.current.get(name);
      if (!previous || previous.status !== state.status || previous.freshUntil !== state.freshUntil) changes.set(name, state);
    }
    for (const name of this.current.keys()) if (!next.has(name)) changes.set(name, null);
    this.current = next;
    if (changes.size === 0) return;
    for (const listener of [...this.listeners]) listener(changes);
  }
}

/** UP is SERVING; every other status is NOT_SERVING. */
export function servingOf(status: HealthStatus): ServingStatus {
  return status === 'UP' ? 'SERVING' : 'NOT_SERVING';
}
