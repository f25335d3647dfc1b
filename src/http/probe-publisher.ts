import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { AccessPolicy } from '../access/access-policy.js';
import { healthJsonBody } from '../formats/health-json.js';
import { PROBE_SHAPES, shapedBody } from '../health/health-body.js';
import { CheckRunner } from '../health/check-runner.js';
import { httpStatusOf } from '../health/health-status.js';
import { HealthService } from '../health/health.service.js';
import type { EvaluationScope, HealthAggregate } from '../health/health.service.js';
import { HealthRegistry } from '../health/health.registry.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { ServingWatch } from '../lifecycle/serving.js';
import { LIVENESS_GROUP, MANAGEMENT_OPTIONS, READINESS_GROUP, STARTUP_GROUP } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { onSharedClock } from '../probe-worker/heartbeat.js';
import { PROBE_ENDPOINTS } from '../probe-worker/probe-protocol.js';
import type { ProbeAnswer, ProbeEndpoint } from '../probe-worker/probe-protocol.js';

const GROUPS: Readonly<Record<ProbeEndpoint, string>> = { liveness: LIVENESS_GROUP, readiness: READINESS_GROUP, startup: STARTUP_GROUP };
/** Answers for the application's own port: a request there shows by arriving that the port serves. */
const APPLICATION_PORT: EvaluationScope = Object.freeze({ applicationPort: true });

type Post = (answers: Partial<Record<ProbeEndpoint, ProbeAnswer>>) => void;

interface Published {
  readonly answer: ProbeAnswer;
  /** `performance.now()` time after which the answer is stale on this thread. */
  readonly freshUntil: number;
}

/**
 * The probes' published answers, which both doors serve: the front door on the application's
 * port reads them here, and the probe worker gets each one posted. Whenever a check result lands
 * or availability changes, the answers are rebuilt from the latest results (running nothing),
 * once per turn of the event loop; bodies come from the same functions the health endpoints use,
 * so a published answer is byte for byte what the router would write to a client without
 * credentials. With a worker attached, answers are also evaluated when it finds one stale.
 */
@Injectable()
export class ProbePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly published = new Map<ProbeEndpoint, Published>();
  private readonly posted = new Map<ProbeEndpoint, ProbeAnswer>();
  private readonly pending = new Set<ProbeEndpoint>();
  private subscription?: Subscription;
  private stopResults?: () => void;
  private stopRegistry?: () => void;
  private post?: Post;
  private flushing = false;
  private stopped = false;
  /** Whether the application's front door reads the answers on this thread. */
  private servedHere = false;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly health: HealthService,
    private readonly runner: CheckRunner,
    private readonly registry: HealthRegistry,
    private readonly availability: ApplicationAvailability,
    private readonly access: AccessPolicy,
    private readonly servingWatch: ServingWatch,
  ) {}

  onApplicationBootstrap(): void {
    this.stopResults = this.runner.onResult(() => this.republish());
    this.subscription = this.availability.changes.subscribe(() => this.republish());
    this.stopRegistry = this.registry.onChange(() => (this.post ? this.refreshAll() : this.republish()));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.post = undefined;
    this.stopResults?.();
    this.stopRegistry?.();
    this.subscription?.unsubscribe();
  }

  /** `endpoint`'s answer while it is fresh; undefined when it is stale or not known yet. */
  fresh(endpoint: ProbeEndpoint): ProbeAnswer | undefined {
    const published = this.published.get(endpoint);
    return published && performance.now() < published.freshUntil ? published.answer : undefined;
  }

  /** Keeps answers for the front door on this thread from now on. */
  serveHere(): void {
    this.servedHere = true;
  }

  /**
   * Posts every answer to the probe worker from now on, evaluating them all once to start and
   * again once bootstrap is over (when checks start to run).
   */
  attachWorker(post: Post): void {
    this.post = post;
    this.refreshAll();
    this.servingWatch.whenBootstrapped(() => {
      if (this.post) this.refreshAll();
    });
  }

  detachWorker(): void {
    this.post = undefined;
    this.posted.clear();
  }

  /** Evaluates `endpoint`'s group, running expired checks, and publishes the answer, changed or not. */
  refresh(endpoint: ProbeEndpoint): void {
    if (this.stopped) return;
    const evaluation = this.health.evaluateGroup(GROUPS[endpoint], this.scope());
    if (!(evaluation instanceof Promise)) return this.publish(endpoint, evaluation, true);
    evaluation.then(
      (aggregate) => this.publish(endpoint, aggregate, true),
      () => undefined,
    );
  }

  /** The worker serves a management port (which must see the application's port serve); the front door the application's own. */
  private scope(): EvaluationScope | undefined {
    return this.servedHere ? APPLICATION_PORT : undefined;
  }

  private refreshAll(): void {
    for (const endpoint of PROBE_ENDPOINTS) this.refresh(endpoint);
  }

  /** Rebuilds every answer from the latest results, once per turn of the event loop. */
  private republish(): void {
    if (!this.servedHere && !this.post) return;
    // Until the rebuild, this thread's door asks the router: it never serves an answer older than a change.
    this.published.clear();
    for (const endpoint of PROBE_ENDPOINTS) this.pending.add(endpoint);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      for (const endpoint of this.pending) {
        const aggregate = this.health.latestOfGroup(GROUPS[endpoint], this.scope());
        if (aggregate) this.publish(endpoint, aggregate);
      }
      this.pending.clear();
    });
  }

  private publish(endpoint: ProbeEndpoint, aggregate: HealthAggregate, always = false): void {
    if (this.stopped) return;
    const freshUntil = this.health.freshUntil(GROUPS[endpoint]);
    const answer = this.answerOf(endpoint, aggregate, freshUntil);
    this.published.set(endpoint, { answer, freshUntil });
    if (!this.post) return;
    const previous = this.posted.get(endpoint);
    if (!always && previous && sameAnswer(previous, answer)) return;
    this.posted.set(endpoint, answer);
    this.post({ [endpoint]: answer });
  }

  private answerOf(endpoint: ProbeEndpoint, aggregate: HealthAggregate, freshUntil: number): ProbeAnswer {
    const shape = PROBE_SHAPES[endpoint];
    const identity = serviceIdentityOf(this.options);
    const detailed = shape !== 'terse' && this.access.detailsWithoutAuthorizer;
    return {
      statusCode: httpStatusOf(aggregate.status, this.options.statusHttpMapping),
      body: JSON.stringify(shapedBody(aggregate, shape, false)),
      detailedBody: detailed ? JSON.stringify(shapedBody(aggregate, shape, true)) : undefined,
      healthBody: JSON.stringify(healthJsonBody(aggregate, shape, false, identity)),
      detailedHealthBody: detailed ? JSON.stringify(healthJsonBody(aggregate, shape, true, identity)) : undefined,
      freshUntil: onSharedClock(freshUntil),
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
