import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';

/** Whether the application has started: Nest's bootstrap finished and the startup checks passed once. */
export type StartupState = 'STARTING' | 'STARTED';
/** Whether the application wants traffic (Spring's ReadinessState). */
export type ReadinessState = 'ACCEPTING_TRAFFIC' | 'REFUSING_TRAFFIC';
/** Whether the application's internal state is sound (Spring's LivenessState); BROKEN asks for a restart. */
export type LivenessState = 'CORRECT' | 'BROKEN';

/** One change of availability, as published on `ApplicationAvailability.changes`. */
export type AvailabilityChange =
  | { kind: 'startup'; state: StartupState; previous: StartupState }
  | { kind: 'readiness'; state: ReadinessState; previous: ReadinessState; reason?: string }
  | { kind: 'liveness'; state: LivenessState; previous: LivenessState; reason?: string };

/**
 * The application's own availability beside what its checks say. Inject it to take the
 * application out of rotation (`refuseTraffic()`, e.g. during a cache warm-up) and back, to
 * report a broken state, or to follow changes through the `changes` observable.
 */
@Injectable()
export class ApplicationAvailability implements OnModuleDestroy {
  private readonly changeSubject = new Subject<AvailabilityChange>();
  private bootstrapped = false;
  private startupState: StartupState = 'STARTING';
  private requestedReadiness: ReadinessState = 'ACCEPTING_TRAFFIC';
  private shutdownReason?: string;
  private refusalReason?: string;
  private overloadReason?: string;
  private livenessState: LivenessState = 'CORRECT';
  private brokenReason?: string;
  private servingState = false;

  /** Every change of startup, readiness or liveness state. */
  readonly changes: Observable<AvailabilityChange> = this.changeSubject.asObservable();

  get startup(): StartupState {
    return this.startupState;
  }

  /**
   * REFUSING_TRAFFIC before start-up finishes, while the application does not serve (its server
   * does not listen), during shutdown, or when the application asked.
   */
  get readiness(): ReadinessState {
    return this.refusal(true) === undefined ? 'ACCEPTING_TRAFFIC' : 'REFUSING_TRAFFIC';
  }

  /** Why readiness is refusing traffic, if it is. */
  get readinessReason(): string | undefined {
    return this.refusal(true);
  }

  /**
   * Why readiness refuses traffic to a request that reached the application's own port (or came
   * in-process, as in tests): the same as `readinessReason`, but that request shows by itself
   * that the application serves.
   */
  get readinessReasonOnApplicationPort(): string | undefined {
    return this.refusal(false);
  }

  get liveness(): LivenessState {
    return this.livenessState;
  }

  get livenessReason(): string | undefined {
    return this.brokenReason;
  }

  /**
   * Whether the application serves: its HTTP server listens and its microservice transports do.
   * Readiness asked on the management port also needs this; asked on the application's own port
   * (or in-process, as tests do), the request itself shows the application serves.
   */
  get serving(): boolean {
    return this.servingState;
  }

  /** Called by the module as the application's server and transports start or stop listening. */
  markServing(serving: boolean): void {
    this.changeReadiness(() => (this.servingState = serving));
  }

  /** Whether Nest's bootstrap has finished. */
  get isBootstrapped(): boolean {
    return this.bootstrapped;
  }

  get isShuttingDown(): boolean {
    return this.shutdownReason !== undefined;
  }

  /** Asks readiness probes to stop sending traffic, e.g. during a cache warm-up or maintenance. */
  refuseTraffic(reason = 'the application refuses traffic'): void {
    this.refusalReason = reason;
    this.changeReadiness(() => (this.requestedReadiness = 'REFUSING_TRAFFIC'));
  }

  /** Asks readiness probes to send traffic again; has no effect during shutdown. */
  acceptTraffic(): void {
    this.refusalReason = undefined;
    this.changeReadiness(() => (this.requestedReadiness = 'ACCEPTING_TRAFFIC'));
  }

  /** Called by load shedding while the event loop is overloaded: readiness refuses traffic. */
  markOverloaded(reason: string): void {
    this.changeReadiness(() => (this.overloadReason = reason));
  }

  /** Called by load shedding once the event loop has recovered. */
  markRecovered(): void {
    this.changeReadiness(() => (this.overloadReason = undefined));
  }

  /** Reports that the application cannot recover by itself: liveness turns DOWN, so it is restarted. */
  markBroken(reason = 'the application reported itself broken'): void {
    const previous = this.livenessState;
    this.livenessState = 'BROKEN';
    this.brokenReason = reason;
    if (previous !== 'BROKEN') this.changeSubject.next({ kind: 'liveness', state: 'BROKEN', previous, reason });
  }

  markCorrect(): void {
    const previous = this.livenessState;
    this.livenessState = 'CORRECT';
    this.brokenReason = undefined;
    if (previous !== 'CORRECT') this.changeSubject.next({ kind: 'liveness', state: 'CORRECT', previous });
  }

  /** Called by the health service once bootstrap has finished and the startup checks have passed. */
  markStarted(): void {
    if (this.startupState === 'STARTED' || !this.bootstrapped) return;
    this.changeReadiness(() => (this.startupState = 'STARTED'));
    this.changeSubject.next({ kind: 'startup', state: 'STARTED', previous: 'STARTING' });
  }

  /** Called when shutdown begins: readiness refuses traffic from now on. */
  markShuttingDown(reason = 'the application is shutting down'): void {
    if (this.shutdownReason) return;
    this.changeReadiness(() => (this.shutdownReason = reason));
  }

  /** Called by the health service when Nest's bootstrap has finished. */
  markBootstrapped(): void {
    this.bootstrapped = true;
  }

  onModuleDestroy(): void {
    this.markShuttingDown();
    this.changeSubject.complete();
  }

  private refusal(needsServing: boolean): string | undefined {
    if (this.shutdownReason) return this.shutdownReason;
    if (this.startupState !== 'STARTED') return 'the application is starting';
    if (this.overloadReason) return this.overloadReason;
    if (this.requestedReadiness === 'REFUSING_TRAFFIC') return this.refusalReason ?? 'the application refuses traffic';
    if (needsServing && !this.servingState) return "the application's port is not listening";
    return undefined;
  }

  private changeReadiness(change: () => void): void {
    const previous = this.readiness;
    change();
    const state = this.readiness;
    if (state !== previous) this.changeSubject.next({ kind: 'readiness', state, previous, reason: this.readinessReason });
  }
}
