import { Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { CheckRunner } from '../health/check-runner.js';
import { HealthRegistry } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import type { ServingStatus } from '../probe-worker/grpc-health-codec.js';
import { HEALTH_SERVICE_DEFINITION, healthServiceImplementation } from '../probe-worker/grpc-health-service.js';
import type { HealthServiceImplementation, HealthStatusSource } from '../probe-worker/grpc-health-service.js';
import { ServiceStatuses } from './service-statuses.js';

/** What the health service needs of a `@grpc/grpc-js` `Server`. */
export interface GrpcServerLike {
  addService(service: object, implementation: object): void;
  tryShutdown?(callback: (error?: Error) => void): void;
}

/**
 * Serves the standard gRPC health service, `grpc.health.v1.Health`, from the module's checks on
 * the application's own gRPC server: `""` is readiness, `liveness`, `readiness` and `startup`
 * are the probe groups, any other group or check name answers for itself (see docs/grpc.md).
 * Add it to the Nest gRPC microservice's options:
 *
 * ```ts
 * options: { package: 'hero', protoPath, onLoadPackageDefinition: app.get(GrpcHealth).onLoadPackageDefinition }
 * ```
 *
 * `Check` answers as the HTTP probes do (expired results are run again, cached and shared);
 * `Watch` follows the results as they land and runs nothing per watcher. A request that reaches
 * the application's gRPC server shows by arriving that it serves, as one on its HTTP port does.
 */
@Injectable()
export class GrpcHealth implements OnApplicationShutdown {
  private readonly statuses: ServiceStatuses;
  private readonly implementations = new Set<HealthServiceImplementation>();

  constructor(health: HealthService, registry: HealthRegistry, runner: CheckRunner, availability: ApplicationAvailability) {
    this.statuses = new ServiceStatuses({ health, registry, runner, availability }, { applicationPort: true });
  }

  /** For the gRPC microservice's `onLoadPackageDefinition` option: adds the health service to its server. */
  readonly onLoadPackageDefinition = (_packageDefinition: unknown, server: GrpcServerLike): void => this.addTo(server);

  /** Adds `grpc.health.v1.Health` to a `@grpc/grpc-js` server (any server, Nest's or your own). */
  addTo(server: GrpcServerLike): void {
    const implementation = healthServiceImplementation(this.source());
    this.implementations.add(implementation);
    server.addService(HEALTH_SERVICE_DEFINITION, implementation.methods);
    // A graceful shutdown waits for every open call, and a Watch never ends by itself.
    const tryShutdown = server.tryShutdown;
    if (typeof tryShutdown !== 'function') return;
    server.tryShutdown = function tryShutdownAfterWatches(this: GrpcServerLike, callback) {
      implementation.close();
      return tryShutdown.call(this, callback);
    };
  }

  /** Ends every open `Watch`, so that a graceful shutdown of the gRPC server does not wait on them. */
  onApplicationShutdown(): void {
    for (const implementation of this.implementations) implementation.close();
    this.implementations.clear();
  }

  private source(): HealthStatusSource {
    const statuses = this.statuses;
    return {
      check: (service) => statuses.evaluate(service),
      watch: (service, listener) => {
        let last: ServingStatus | undefined;
        const send = (status: ServingStatus) => {
          if (status === last) return;
          last = status;
          listener(status);
        };
        const stop = statuses.follow((changes) => {
          if (changes.has(service)) send(changes.get(service)?.status ?? 'SERVICE_UNKNOWN');
        });
        send(statuses.known().get(service)?.status ?? 'SERVICE_UNKNOWN');
        return stop;
      },
      list: () => Object.fromEntries([...statuses.all()].map(([name, state]) => [name, state.status])),
    };
  }
}
