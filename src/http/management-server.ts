import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessPolicy } from '../access/access-policy.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { EventLoopWatch } from '../lifecycle/event-loop-watch.js';
import { ServingWatch } from '../lifecycle/serving.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import type { ForwardedRequest, ForwardedResponse, ProbeWorkerConfig } from '../probe-worker/probe-protocol.js';
import { pathBelow } from './management-request.js';
import { streamThrough } from './streamed-body.js';
import type { StreamOpener } from './streamed-body.js';
import { ManagementRouter } from './management-router.js';
import { ProbePublisher } from './probe-publisher.js';
import { ProbePortError, ProbeWorkerHost } from './probe-worker-host.js';
import { GrpcHealth } from '../grpc/grpc-health.js';
import { MainThreadGrpcPort } from '../grpc/grpc-health-port.js';
import { grpcMessages } from '../grpc/grpc.messages.js';
import { GrpcWorkerPublisher } from '../grpc/grpc-worker-publisher.js';

/**
 * Serves the management endpoints on their own port (Spring's management.server.port), bound to
 * a chosen address, outside the application's ingress and middleware. By default a worker thread
 * owns the port and answers the Kubernetes probes itself from the published answers, so a
 * saturated event loop cannot make them time out; every other request it forwards to the
 * module's router here. With `probes.worker: false` a plain `node:http` server on this thread
 * hands every request to that router. It starts when the application bootstraps and stops after
 * the application's server, so probes are answered while it drains.
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private server?: Server;
  private worker?: ProbeWorkerHost;
  private grpcPort?: MainThreadGrpcPort;
  private closing = false;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly router: ManagementRouter,
    private readonly publisher: ProbePublisher,
    private readonly loopWatch: EventLoopWatch,
    private readonly access: AccessPolicy,
    private readonly servingWatch: ServingWatch,
    private readonly grpcPublisher: GrpcWorkerPublisher,
    private readonly grpcHealth: GrpcHealth,
  ) {}

  /** Where the endpoints are served, e.g. `http://127.0.0.1:9000`; undefined until started. */
  get url(): string | undefined {
    if (this.worker) return this.worker.url;
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Where the worker's gRPC health port listens, e.g. `127.0.0.1:50051`; undefined without one. */
  get grpcAddress(): string | undefined {
    return this.worker?.grpcAddress ?? this.grpcPort?.address;
  }

  /** Whether the probe worker serves the port (false: this thread does, or no port is set). */
  get usesWorker(): boolean {
    return this.worker !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, address = '0.0.0.0', probes } = this.options;
    if (port === undefined) return this.reportUnserved();
    if (probes.worker) {
      try {
        await this.startWorker(port, address);
      } catch (error) {
        // A port that cannot be had is the application's error, worker or not.
        if (error instanceof ProbePortError) throw error;
        this.logger.warn(messages.workerNotStarted((error as Error).message, (error as NodeJS.ErrnoException).code));
      }
    }
    if (!this.worker) await this.listen(port, address);
    if (!this.worker && this.options.grpc) await this.startGrpcPort(this.options.grpc);
    this.logger.log(`Management endpoints listen on ${this.url}${this.options.basePath}${this.worker ? ' (probes answered by a worker thread)' : ''}`);
    if (this.grpcAddress) this.logger.log(`The gRPC health service (grpc.health.v1.Health) listens on ${this.grpcAddress}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.publisher.detachWorker();
    this.grpcPublisher.detach();
    await this.worker?.close();
    this.grpcPort?.close();
    this.grpcPort = undefined;
    await this.closeServer();
    this.worker = undefined;
  }

  /** Answers a request of the management port (own server, or forwarded by the worker). */
  private dispatch(request: IncomingMessage, response: ServerResponse): void {
    const relativePath = pathBelow(request.url ?? '/', this.options.basePath);
    if (relativePath === undefined) return this.router.notFound(request, response);
    this.router.handle(request, response, relativePath, 'management');
  }

  private listen(port: number, address: string): Promise<void> {
    const server = createServer((request, response) => this.dispatch(request, response));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server?.listening) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async startWorker(port: number, address: string): Promise<void> {
    const { basePath, probes, access, grpc } = this.options;
    const config: ProbeWorkerConfig = {
      port,
      address,
      basePath,
      stallLimit: probes.stallLimit,
      heartbeat: this.loopWatch.buffer,
      access: { allow: access.allow, scope: access.scope, trustProxy: access.trustProxy, hosts: access.hosts },
      forwardCredentials: this.access.asksAuthorizer,
      stalledCodes: { liveness: this.options.statusHttpMapping.DOWN, readiness: this.options.statusHttpMapping.OUT_OF_SERVICE },
      stalledHealthBody: JSON.stringify({ status: 'fail', ...serviceIdentityOf(this.options) }),
      loadShedding: probes.loadShedding && { maxDelay: probes.loadShedding.maxDelay },
      grpc: grpc && { ...grpc, services: this.grpcPublisher.initialStates() },
    };
    this.worker = await ProbeWorkerHost.start(config, {
      forward: (request, stream) => this.inject(request, stream),
      refresh: (endpoint) => this.publisher.refresh(endpoint),
      refreshService: (name) => this.grpcPublisher.refresh(name),
      failed: (message) => void this.takeOver(message, address),
    });
    this.publisher.attachWorker((answers) => this.worker?.publish(answers));
    if (grpc) this.grpcPublisher.attach((services) => this.worker?.publishServices(services));
  }

  /**
   * Answers a forwarded request through the router, as if it had come in over a socket; an
   * endpoint that streams its body (a heap snapshot) writes it through `stream`, chunk by chunk.
   */
  private async inject(request: ForwardedRequest, stream: StreamOpener): Promise<ForwardedResponse> {
    const inject = (await import('light-my-request')).default;
    const { method, url, headers, remoteAddress, body } = request;
    const response = await inject(
      (incoming, outgoing) => {
        streamThrough(outgoing, stream);
        this.dispatch(incoming, outgoing);
      },
      { method: method as 'GET', url, headers, remoteAddress, payload: body },
    );
    return { statusCode: response.statusCode, headers: response.headers, body: response.payload };
  }

  /** The gRPC health port on this thread; a port it cannot have stops start-up, its HTTP server closed first. */
  private async startGrpcPort(grpc: NonNullable<ResolvedManagementOptions['grpc']>): Promise<void> {
    try {
      this.grpcPort = await MainThreadGrpcPort.start(grpc, this.grpcHealth);
    } catch (error) {
      await this.closeServer();
      throw error;
    }
  }

  /** The worker died: serve the port on this thread from now on, rather than leave probes unanswered. */
  private async takeOver(reason: string, address: string): Promise<void> {
    const worker = this.worker;
    if (!worker || this.closing) return;
    this.worker = undefined;
    this.logger.error(messages.workerFailed(reason));
    this.publisher.detachWorker();
    this.grpcPublisher.detach();
    await worker.close();
    if (this.closing) return;
    try {
      // The port the worker had (`port: 0` picked it), so clients keep finding the endpoints.
      await this.listen(Number(new URL(worker.url).port), address);
    } catch (error) {
      this.logger.error(messages.managementPortLost((error as Error).message));
    }
    const grpc = this.options.grpc;
    if (!grpc || !worker.grpcAddress || this.closing) return;
    try {
      const grpcPort = await MainThreadGrpcPort.start(grpc, this.grpcHealth, Number(worker.grpcAddress.slice(worker.grpcAddress.lastIndexOf(':') + 1)));
      // The application may have begun to close while the port was being bound.
      if (this.closing) grpcPort.close();
      else this.grpcPort = grpcPort;
    } catch (error) {
      this.logger.error(grpcMessages.portLost((error as Error).message));
    }
  }

  /** An application without an HTTP server and without a management port serves no endpoint: say so once. */
  private reportUnserved(): void {
    if (!this.servingWatch.hasHttpServer && !this.options.noLog) this.logger.warn(messages.noServerForEndpoints(this.options.basePath));
  }
}
