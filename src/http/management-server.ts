import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AccessPolicy } from '../access/access-policy.js';
import { CheckRunner } from '../health/check-runner.js';
import { HealthRegistry } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { ApplicationAvailability } from '../lifecycle/application-availability.js';
import { EventLoopWatch } from '../lifecycle/event-loop-watch.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import type { ProbeWorkerConfig } from '../probe-worker/probe-protocol.js';
import { ManagementRouter } from './management-router.js';
import type { RouterPlatform } from './management-router.js';
import { ProbePublisher } from './probe-publisher.js';
import { ProbePortError, ProbeWorkerHost } from './probe-worker-host.js';

/** Injection token of the controllers the management server serves. */
export const MANAGEMENT_CONTROLLERS = Symbol.for('nestjs-management-endpoints:controllers');

/**
 * Serves the management endpoints on their own port (Spring's management.server.port), bound to
 * a chosen address, outside the application's ingress and middleware. By default a worker thread
 * owns the port and answers the Kubernetes probes itself, from state this thread publishes, so a
 * saturated event loop cannot make them time out; every other request is forwarded here. With
 * `probes.worker: false` the port is served on this thread. It starts when the application
 * bootstraps and stops after the application's server, so probes are answered while it drains.
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private router?: ManagementRouter;
  private worker?: ProbeWorkerHost;
  private publisher?: ProbePublisher;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    @Inject(MANAGEMENT_CONTROLLERS) private readonly controllers: Type[],
    private readonly moduleRef: ModuleRef,
    private readonly health: HealthService,
    private readonly runner: CheckRunner,
    private readonly registry: HealthRegistry,
    private readonly availability: ApplicationAvailability,
    private readonly loopWatch: EventLoopWatch,
    private readonly access: AccessPolicy,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  /** Where the endpoints are served, e.g. `http://127.0.0.1:9000`; undefined until started. */
  get url(): string | undefined {
    if (this.worker) return this.worker.url;
    const address = this.router?.httpServer.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Whether the probe worker serves the port (false: this thread does, or no port is set). */
  get usesWorker(): boolean {
    return this.worker !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, address = '0.0.0.0', probes } = this.options;
    if (port === undefined) return;
    this.router = await ManagementRouter.create(this.platform(), this.controllers, (token) => this.moduleRef.get(token, { strict: false }));
    if (probes.worker) {
      try {
        await this.startWorker(port, address);
      } catch (error) {
        // A port that cannot be had is the application's error, worker or not.
        if (error instanceof ProbePortError) throw error;
        this.logger.warn(messages.workerNotStarted((error as Error).message, (error as NodeJS.ErrnoException).code));
      }
    }
    if (!this.worker) await this.router.listen(port, address);
    this.logger.log(`Management endpoints listen on ${this.url}${this.options.basePath}${this.worker ? ' (probes answered by a worker thread)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.publisher?.stop();
    await this.worker?.close();
    await this.router?.close();
    this.worker = undefined;
    this.router = undefined;
  }

  private async startWorker(port: number, address: string): Promise<void> {
    const router = this.router!;
    const { basePath, probes, access } = this.options;
    const config: ProbeWorkerConfig = {
      port,
      address,
      basePath,
      stallLimit: probes.stallLimit,
      heartbeat: this.loopWatch.buffer,
      access: { allow: access.allow, scope: access.scope, trustProxy: access.trustProxy },
      forwardCredentials: this.access.asksAuthorizer,
      stalledCodes: { liveness: this.options.statusHttpMapping.DOWN, readiness: this.options.statusHttpMapping.OUT_OF_SERVICE },
      stalledHealthBody: JSON.stringify({ status: 'fail', ...serviceIdentityOf(this.options) }),
      loadShedding: probes.loadShedding && { maxDelay: probes.loadShedding.maxDelay },
    };
    this.worker = await ProbeWorkerHost.start(config, {
      forward: (request) => router.inject(request),
      refresh: (endpoint) => this.publisher?.refresh(endpoint),
      failed: (message) => void this.takeOver(message, address),
    });
    const format = { statusHttpMapping: this.options.statusHttpMapping, identity: serviceIdentityOf(this.options) };
    this.publisher = new ProbePublisher(this.health, this.runner, this.registry, this.availability, this.access, format, (answers) =>
      this.worker?.publish(answers),
    );
    this.publisher.start();
  }

  /** The worker died: serve the port on this thread from now on, rather than leave probes unanswered. */
  private async takeOver(reason: string, address: string): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.router) return;
    this.worker = undefined;
    this.logger.error(`The probe worker failed (${reason}); serving the management port on the main thread from now on.`);
    this.publisher?.stop();
    this.publisher = undefined;
    await worker.close();
    try {
      // The port the worker had (`port: 0` picked it), so clients keep finding the endpoints.
      await this.router.listen(Number(new URL(worker.url).port), address);
    } catch (error) {
      this.logger.error(`The management port could not be served on the main thread either: ${(error as Error).message}`);
    }
  }

  /** The application's framework (Express unless it runs on Fastify). */
  private platform(): RouterPlatform {
    const kind = (this.adapterHost?.httpAdapter as { getType?: () => string } | undefined)?.getType?.();
    return kind === 'fastify' ? 'fastify' : 'express';
  }
}
