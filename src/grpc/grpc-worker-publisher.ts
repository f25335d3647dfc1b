import { Injectable } from '@nestjs/common';
import { CheckRunner } from '../health/check-runner.js';
import { HealthRegistry } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { onSharedClock } from '../probe-worker/heartbeat.js';
import type { WorkerServiceState } from '../probe-worker/probe-protocol.js';
import { ServiceStatuses } from './service-statuses.js';
import type { ServiceChanges, ServiceState } from './service-statuses.js';

type Post = (services: Record<string, WorkerServiceState | null>) => void;

/**
 * Publishes the gRPC health statuses to the probe worker's gRPC port: every name's state at
 * start, then the names that changed, once per turn of the event loop after results land. The
 * worker asks for a refresh of a stale name; it is evaluated here (running only what expired),
 * and the result, when it lands, is published like any other. Readiness is the management
 * port's: it also needs the application to serve.
 */
@Injectable()
export class GrpcWorkerPublisher {
  private readonly statuses: ServiceStatuses;
  private stop?: () => void;

  constructor(health: HealthService, registry: HealthRegistry, runner: CheckRunner, availability: ApplicationAvailability) {
    this.statuses = new ServiceStatuses({ health, registry, runner, availability }, undefined);
  }

  /** Every name's state now, for the worker's start. */
  initialStates(): Record<string, WorkerServiceState> {
    return Object.fromEntries([...this.statuses.all()].map(([name, state]) => [name, toWorker(state)]));
  }

  /** Posts every change to the worker from now on. */
  attach(post: Post): void {
    this.detach();
    this.stop = this.statuses.follow((changes) => post(toWorkerChanges(changes)));
    post(Object.fromEntries([...this.statuses.known()].map(([name, state]) => [name, toWorker(state)])));
  }

  detach(): void {
    this.stop?.();
    this.stop = undefined;
  }

  /** The worker found `name` stale: evaluate it, so that a fresh result lands and is published. */
  refresh(name: string): void {
    const evaluation = this.statuses.evaluate(name);
    if (evaluation instanceof Promise) evaluation.catch(() => undefined);
  }
}

function toWorkerChanges(changes: ServiceChanges): Record<string, WorkerServiceState | null> {
  const posted: Record<string, WorkerServiceState | null> = {};
  for (const [name, state] of changes) posted[name] = state && toWorker(state);
  return posted;
}

function toWorker(state: ServiceState): WorkerServiceState {
  return { status: state.status, freshUntil: onSharedClock(state.freshUntil) };
}
