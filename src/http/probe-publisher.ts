import type { Subscription } from 'rxjs';
import type { AccessPolicy } from '../access/access-policy.js';
import { healthJsonBody } from '../formats/health-json.js';
import type { ServiceIdentity } from '../formats/health-json.js';
import { PROBE_SHAPES, shapedBody } from '../health/health-body.js';
import type { CheckRunner } from '../health/check-runner.js';
import { httpStatusOf } from '../health/health-status.js';
import type { StatusHttpMapping } from '../health/status-mapping.options.js';
import type { HealthAggregate, HealthService } from '../health/health.service.js';
import type { HealthRegistry } from '../health/health.registry.js';
import type { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import { sharedClock } from '../probe-worker/heartbeat.js';
import { PROBE_ENDPOINTS } from '../probe-worker/probe-protocol.js';
import type { ProbeAnswer, ProbeEndpoint } from '../probe-worker/probe-protocol.js';

const GROUPS: Readonly<Record<ProbeEndpoint, string>> = { liveness: LIVENESS_GROUP, readiness: READINESS_GROUP, startup: STARTUP_GROUP };

type Post = (answers: Partial<Record<ProbeEndpoint, ProbeAnswer>>) => void;

/**
 * Keeps the probe worker's answers current. Whenever a check result lands or availability
 * changes, it rebuilds the answers from the latest results (running nothing); when the worker
 * finds an answer stale, `refresh()` evaluates the group (running what has expired) and publishes
 * the outcome. Bodies are built by the same functions the main thread's endpoints use, so the
 * worker answers byte for byte what the main port would to a client without credentials.
 */
export class ProbePublisher {
  private readonly published = new Map<ProbeEndpoint, ProbeAnswer>();
  private readonly pending = new Set<ProbeEndpoint>();
  private subscription?: Subscription;
  private stopResults?: () => void;
  private stopRegistry?: () => void;
  private flushing = false;
  private stopped = false;

  constructor(
    private readonly health: HealthService,
    private readonly runner: CheckRunner,
    private readonly registry: HealthRegistry,
    private readonly availability: ApplicationAvailability,
    private readonly access: AccessPolicy,
    private readonly format: { readonly statusHttpMapping: StatusHttpMapping; readonly identity: ServiceIdentity },
    private readonly post: Post,
  ) {}

  start(): void {
    this.stopResults = this.runner.onResult(() => this.republish());
    this.subscription = this.availability.changes.subscribe(() => this.republish());
    // A check added or removed changes the groups: evaluate them again (running the new check).
    this.stopRegistry = this.registry.onChange(() => this.refreshAll());
    this.refreshAll();
  }

  stop(): void {
    this.stopped = true;
    this.stopResults?.();
    this.stopRegistry?.();
    this.subscription?.unsubscribe();
  }

  /**
   * Evaluates `endpoint`'s group, running expired checks, and publishes the answer, changed or
   * not: the worker waits for it.
   */
  refresh(endpoint: ProbeEndpoint): void {
    if (this.stopped) return;
    const evaluation = this.health.evaluateGroup(GROUPS[endpoint]);
    if (evaluation instanceof Promise) void evaluation.then((aggregate) => this.publish(endpoint, aggregate, true));
    else this.publish(endpoint, evaluation, true);
  }

  private refreshAll(): void {
    for (const endpoint of PROBE_ENDPOINTS) this.refresh(endpoint);
  }

  /** Rebuilds every answer from the latest results, once per turn of the event loop. */
  private republish(): void {
    for (const endpoint of PROBE_ENDPOINTS) this.pending.add(endpoint);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      for (const endpoint of this.pending) {
        const aggregate = this.health.latestOfGroup(GROUPS[endpoint]);
        if (aggregate) this.publish(endpoint, aggregate);
      }
      this.pending.clear();
    });
  }

  private publish(endpoint: ProbeEndpoint, aggregate: HealthAggregate, always = false): void {
    if (this.stopped) return;
    const answer = this.answerOf(endpoint, aggregate);
    const previous = this.published.get(endpoint);
    if (!always && previous && sameAnswer(previous, answer)) return;
    this.published.set(endpoint, answer);
    this.post({ [endpoint]: answer });
  }

  private answerOf(endpoint: ProbeEndpoint, aggregate: HealthAggregate): ProbeAnswer {
    const freshUntil = this.health.freshUntil(GROUPS[endpoint]);
    const shape = PROBE_SHAPES[endpoint];
    const { identity, statusHttpMapping } = this.format;
    const detailed = shape !== 'terse' && this.access.detailsWithoutAuthorizer;
    return {
      statusCode: httpStatusOf(aggregate.status, statusHttpMapping),
      body: JSON.stringify(shapedBody(aggregate, shape, false)),
      detailedBody: detailed ? JSON.stringify(shapedBody(aggregate, shape, true)) : undefined,
      healthBody: JSON.stringify(healthJsonBody(aggregate, shape, false, identity)),
      detailedHealthBody: detailed ? JSON.stringify(healthJsonBody(aggregate, shape, true, identity)) : undefined,
      // On the clock the worker reads, rounded up so the worker never finds it stale before this thread does.
      freshUntil: freshUntil === Infinity ? null : sharedClock() + Math.ceil(freshUntil - performance.now()),
    };
  }
}

function sameAnswer(first: ProbeAnswer, second: ProbeAnswer): boolean {
  return (
    first.statusCode === second.statusCode &&
    first.body === second.body &&
    first.detailedBody === second.detailedBody &&
    first.healthBody === second.healthBody &&
    first.detailedHealthBody === second.detailedHealthBody &&
    first.freshUntil === second.freshUntil
  );
}
