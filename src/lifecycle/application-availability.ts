import { Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

/** Whether Nest's bootstrap has finished. */
export type StartupState = 'STARTING' | 'STARTED';
/** Whether the application wants traffic (Spring's ReadinessState). */
export type ReadinessState = 'ACCEPTING_TRAFFIC' | 'REFUSING_TRAFFIC';

/**
 * The application's own availability, beside what its checks say: not started until Nest's
 * bootstrap finishes, refusing traffic once shutdown begins or when the application says so.
 */
@Injectable()
export class ApplicationAvailability implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private startupState: StartupState = 'STARTING';
  private readinessState: ReadinessState = 'ACCEPTING_TRAFFIC';
  private shuttingDown = false;

  get startup(): StartupState {
    return this.startupState;
  }

  get readiness(): ReadinessState {
    return this.startupState === 'STARTED' && !this.shuttingDown ? this.readinessState : 'REFUSING_TRAFFIC';
  }

  /** Tells readiness probes to send traffic again (after `refuseTraffic()`); ignored during shutdown. */
  acceptTraffic(): void {
    this.readinessState = 'ACCEPTING_TRAFFIC';
  }

  /** Tells readiness probes to stop sending traffic, e.g. during a cache warm-up or maintenance. */
  refuseTraffic(): void {
    this.readinessState = 'REFUSING_TRAFFIC';
  }

  onApplicationBootstrap(): void {
    this.startupState = 'STARTED';
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}
