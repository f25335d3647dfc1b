import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { CheckRunner } from './check-runner.js';
import type { CheckResult } from './check-result.js';
import { AGGREGATE_NAME, reasonOfAggregate, reasonOfResult } from './health-change.js';
import type { HealthChange, HealthChangeKind, HealthSubject } from './health-change.js';
import { HealthRegistry } from './health.registry.js';
import type { RegisteredCheck } from './health.registry.js';
import { HealthService } from './health.service.js';
import type { HealthAggregate } from './health.service.js';
import type { HealthStatus } from './health-status.js';

/** The status last seen of one component, group or the aggregate, and since when (`performance.now()`). */
interface Seen {
  status: HealthStatus;
  since: number;
}

/**
 * Status changes of every check, group and the aggregate, as the `changes` observable. A
 * component changes when a fresh result of its check has another status than the one before;
 * groups and the aggregate are worked out from the latest results as `HealthService.latestKnown()`
 * states them (what metrics and the dashboard show), running nothing, once per turn of the event
 * loop after a result lands, availability changes or a check is added or removed. A probe
 * answered from cache produces no result, so it costs no work here; changes are delivered after
 * the turn in which they happened, never inside a probe or a check.
 *
 * Nothing is tracked while nobody subscribes (the history, `@OnHealthChange` methods, the
 * webhook, EventEmitter2); the first status seen after that is a change `from: null`.
 */
@Injectable()
export class HealthEvents implements OnModuleDestroy {
  private readonly subject = new Subject<HealthChange>();
  private readonly seen = new Map<string, Seen>();
  private readonly queued: HealthChange[] = [];
  /** Components and groups gone since the last delivery, by `kind:name`. */
  private readonly gone = new Map<string, HealthSubject>();
  private readonly endedSubject = new Subject<HealthSubject>();
  private readonly stopResults: () => void;
  private readonly stopRegistry: () => void;
  private readonly stopRemovals: () => void;
  private readonly availabilityChanges: Subscription;
  private scheduled = false;
  private stopped = false;

  /** Every change of status, delivered after the event-loop turn in which it happened. */
  readonly changes: Observable<HealthChange> = this.subject.asObservable();

  /**
   * Each component (a removed check) and group (whose last check was removed) that no longer
   * exists, delivered after its last change: whoever keeps something by name drops it then.
   */
  readonly ended: Observable<HealthSubject> = this.endedSubject.asObservable();

  constructor(
    runner: CheckRunner,
    private readonly health: HealthService,
    private readonly registry: HealthRegistry,
    availability: ApplicationAvailability,
  ) {
    this.stopResults = runner.onResult((check, group, result) => this.resultLanded(check, group, result));
    this.availabilityChanges = availability.changes.subscribe(() => this.schedule());
    this.stopRegistry = registry.onChange(() => this.schedule());
    this.stopRemovals = registry.onRemove((check) => this.removed(check));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.stopResults();
    this.stopRegistry();
    this.stopRemovals();
    this.availabilityChanges.unsubscribe();
    this.subject.complete();
    this.endedSubject.complete();
  }

  private resultLanded(check: RegisteredCheck, group: string | undefined, result: CheckResult): void {
    if (!this.subject.observed) return;
    // A group-specific result changes its groups, not the component /health shows.
    if (group === undefined) this.observe('component', check.name, result.status, () => reasonOfResult(result));
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped || !(this.subject.observed || this.endedSubject.observed)) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Works out groups and the aggregate from the latest results, then delivers what changed. */
  private flush(): void {
    this.scheduled = false;
    if (this.stopped) return;
    for (const group of this.health.groupNames()) this.observeAggregate('group', group, this.health.latestKnown(group).aggregate);
    this.observeAggregate('aggregate', AGGREGATE_NAME, this.health.latestKnown().aggregate);
    const changes = this.queued.splice(0);
    for (const change of changes) this.subject.next(change);
    const gone = [...this.gone.values()];
    this.gone.clear();
    // One removed and added again under its name before this turn is not gone.
    for (const subject of gone) if (!this.exists(subject)) this.endedSubject.next(subject);
  }

  private observeAggregate(kind: HealthChangeKind, name: string, aggregate: HealthAggregate): void {
    this.observe(kind, name, aggregate.status, () => reasonOfAggregate(aggregate));
  }

  private observe(kind: HealthChangeKind, name: string, status: HealthStatus, reason: () => string | undefined): void {
    const key = `${kind}:${name}`;
    const previous = this.seen.get(key);
    if (previous?.status === status) return;
    const now = performance.now();
    this.seen.set(key, { status, since: now });
    const because = reason();
    const change: HealthChange = {
      kind,
      name,
      from: previous?.status ?? null,
      to: status,
      at: new Date().toISOString(),
      previousDurationMs: previous ? Math.round(now - previous.since) : null,
      ...(because === undefined ? {} : { reason: because }),
    };
    this.queued.push(Object.freeze(change));
  }

  /** A removed check's (or emptied group's) last status would otherwise be the `from` of a new one of that name. */
  private removed(check: RegisteredCheck): void {
    this.end({ kind: 'component', name: check.name });
    for (const group of check.groups) if (!this.health.isGroup(group)) this.end({ kind: 'group', name: group });
  }

  private end(subject: HealthSubject): void {
    this.seen.delete(`${subject.kind}:${subject.name}`);
    if (!this.endedSubject.observed) return;
    this.gone.set(`${subject.kind}:${subject.name}`, subject);
    this.schedule();
  }

  private exists({ kind, name }: HealthSubject): boolean {
    return kind === 'component' ? this.registry.get(name) !== undefined : this.health.isGroup(name);
  }
}
