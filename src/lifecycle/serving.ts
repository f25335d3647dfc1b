import { Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { messages } from '../messages.js';
import { ApplicationAvailability } from './application-availability.js';
import { watchTransports } from './transports.js';

interface WatchedServer {
  readonly listening?: boolean;
  on(event: 'listening' | 'close', listener: () => void): unknown;
  off(event: 'listening' | 'close', listener: () => void): unknown;
}

/**
 * Knows when the application has booted and whether it serves. Nest's bootstrap is over when the
 * HTTP server listens, or when a first request reaches the application's port in-process (Fastify's
 * `inject()`, which needs `init()` done); without an HTTP server, when every microservice transport
 * listens (`app.listen()`, `startAllMicroservices()`), so start-up checks that call the
 * application's own transport find it up. The application serves while its HTTP server listens and
 * its transports do; only the management port's readiness needs that, since a request on the
 * application's own port shows it by arriving.
 */
@Injectable()
export class ServingWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private readonly bootstrapWaiters: (() => void)[] = [];
  private readonly servingWaiters: (() => void)[] = [];
  private bootstrapped = false;
  private hooked = false;
  private requestSeen = false;
  private hasHttp = false;
  private httpListening = true;
  private transportsListening = true;
  private stopWatching: (() => void)[] = [];

  constructor(
    private readonly availability: ApplicationAvailability,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    @Optional() modules?: ModulesContainer,
  ) {
    // From construction, not bootstrap: a hybrid application starts its transports
    // (startAllMicroservices) before init(), and a transport that reports no status (gRPC) is
    // seen listening only by following its listen().
    const transports = watchTransports(modules, (listening) => {
      this.transportsListening = listening;
      this.changed();
    }, (name) => this.logger.warn(messages.transportSilent(name)));
    this.stopWatching.push(transports.stop);
    this.transportsListening = transports.listening;
  }

  /** Whether the application has an HTTP server (false for a microservice or an application context). */
  get hasHttpServer(): boolean {
    return this.httpServer() !== undefined;
  }

  /** Calls `then` once bootstrap is over (at once if it is). */
  whenBootstrapped(then: () => void): void {
    if (this.bootstrapped) then();
    else this.bootstrapWaiters.push(then);
  }

  /** Calls `then` once, the first time the application serves (at once if it does). */
  whenServing(then: () => void): void {
    if (this.bootstrapped && this.serving) then();
    else this.servingWaiters.push(then);
  }

  get serving(): boolean {
    return this.httpListening && this.transportsListening;
  }

  /** A management request reached the application's own port: bootstrap is over. */
  applicationRequestArrived(): void {
    if (this.requestSeen) return;
    this.requestSeen = true;
    this.changed();
  }

  onApplicationBootstrap(): void {
    this.hooked = true;
    this.watchHttpServer();
    this.changed();
  }

  onApplicationShutdown(): void {
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
  }

  private watchHttpServer(): void {
    const server = this.httpServer();
    if (!server) return;
    const listening = () => {
      this.httpListening = true;
      this.changed();
    };
    const closed = () => {
      this.httpListening = false;
      this.changed();
    };
    server.on('listening', listening);
    server.on('close', closed);
    this.stopWatching.push(() => {
      server.off('listening', listening);
      server.off('close', closed);
    });
    this.hasHttp = true;
    this.httpListening = server.listening === true;
  }

  private changed(): void {
    if (!this.hooked) return;
    const booted = this.transportsListening && (!this.hasHttp || this.httpListening || this.requestSeen);
    if (!this.bootstrapped && booted) {
      this.bootstrapped = true;
      for (const waiter of this.bootstrapWaiters.splice(0)) waiter();
    }
    this.availability.markServing(this.serving);
    if (this.bootstrapped && this.serving) for (const waiter of this.servingWaiters.splice(0)) waiter();
  }

  private httpServer(): WatchedServer | undefined {
    try {
      const server = this.adapterHost?.httpAdapter?.getHttpServer() as WatchedServer | undefined;
      return server && typeof server.on === 'function' ? server : undefined;
    } catch {
      return undefined;
    }
  }
}
