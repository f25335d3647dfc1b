import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AccessPolicy } from '../access/access-policy.js';
import { CONTENT_TYPES, formatOf, HEALTH_FORMATS } from '../formats/media-type.js';
import { ServingWatch } from '../lifecycle/serving.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { answerBody, needsRouter, PROBE_PATHS } from '../probe-worker/probe-routes.js';
import { pathBelow } from './management-request.js';
import { writeAnswer } from './management-responder.js';
import { ManagementRouter } from './management-router.js';
import { globalEnhancers, mountOnApplication } from '../nest-internals/management-routes.js';
import { ProbePublisher } from './probe-publisher.js';
import { mountBehindMiddleware } from './pipeline-route.js';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

const INTERNAL_ERROR = JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: messages.endpointFailed() });

/**
 * The management endpoints on the application's own port, ahead of the application: the HTTP
 * server's request listener is wrapped, so a request below the base path is answered here before
 * Express or Fastify, and so before the application's middleware, guards, interceptors, pipes,
 * filters, throttlers and versioning see it. Probes are answered from the published answers;
 * every other management request goes to the module's router and its own access rules. A request
 * that carries a cookie goes on through the application's middleware instead (a session the
 * authorizer reads is set up there) and reaches the same router behind it, as do in-process
 * requests that never cross the server (Fastify's `inject()`). Every other request passes
 * straight on: the front door costs it one string comparison (and, on Express, one more layer
 * whose path does not match).
 */
@Injectable()
export class FrontDoor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private mount = '';
  private restore?: () => void;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly router: ManagementRouter,
    private readonly publisher: ProbePublisher,
    private readonly access: AccessPolicy,
    private readonly servingWatch: ServingWatch,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    @Optional() private readonly applicationConfig?: ApplicationConfig,
  ) {}

  /** Runs before Nest adds its not-found handler, so the route behind the middleware comes first. */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (this.options.port !== undefined || !adapter) return;
    this.mount = mountOnApplication(this.applicationConfig, this.options.basePath);
    this.publisher.serveHere();
    mountBehindMiddleware(adapter, this.mount, (request, response, relativePath) => {
      this.servingWatch.applicationRequestArrived();
      this.router.handle(request, response, relativePath, 'application');
    });
    const server = adapter.getHttpServer() as Server | undefined;
    if (server && typeof server.listeners === 'function') this.restore = this.stepInFront(server);
    this.reportEnhancers();
  }

  onApplicationShutdown(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /**
   * Puts this door in front of the server's request listeners (the framework's), whatever was
   * registered before; listeners added later, up to the moment it listens, are moved behind it too.
   */
  private stepInFront(server: Server): () => void {
    let behind: RequestListener[] = [];
    const front: RequestListener = (request, response) => {
      const url = request.url;
      if (url !== undefined && url.startsWith(this.mount) && this.answer(request, response, url)) return;
      for (const listener of behind) listener.call(server, request, response);
    };
    const gather = () => {
      const listeners = server.listeners('request');
      // Wrapped in turn (socket.io, a second module): whoever wrapped it calls it, and it already calls the rest.
      if (behind.length > 0 && !listeners.includes(front)) return;
      const others = listeners.filter((listener) => listener !== front) as RequestListener[];
      if (others.length === 0 && behind.length > 0) return;
      behind = [...behind, ...others];
      server.removeAllListeners('request');
      server.on('request', front);
    };
    gather();
    server.on('listening', gather);
    return () => server.off('listening', gather);
  }

  /** Answers a request below the mount here; false for one that goes on to the application. */
  private answer(request: IncomingMessage, response: ServerResponse, url: string): boolean {
    const relativePath = pathBelow(url, this.mount);
    if (relativePath === undefined || request.headers.cookie !== undefined) return false;
    try {
      if (!this.answerProbe(request, response, relativePath)) this.router.handle(request, response, relativePath, 'application');
    } catch {
      // Thrown here, in the server's own listener, it would take the process down.
      if (!response.headersSent) writeAnswer(response, 500, CONTENT_TYPES.json, INTERNAL_ERROR);
    }
    return true;
  }

  /** A probe without credentials, answered from the published answer while it is fresh. */
  private answerProbe(request: IncomingMessage, response: ServerResponse, relativePath: string): boolean {
    const endpoint = PROBE_PATHS.get(relativePath);
    if (endpoint === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    // With an authorizer, any request to readiness or startup may be one it shows details to (it
    // may read any header), so only liveness, always terse, skips the router.
    const authorizerMayShow = endpoint !== 'liveness' && this.access.asksAuthorizer;
    if (authorizerMayShow || needsRouter(request.headers, endpoint, false) || !this.access.admits(request)) return false;
    const answer = this.publisher.fresh(endpoint);
    if (!answer) return false;
    const format = formatOf(request.headers.accept, HEALTH_FORMATS);
    const detailed = answer.detailedBody !== undefined && this.access.allowsDetails(request) === true;
    writeAnswer(response, answer.statusCode, CONTENT_TYPES[format], answerBody(answer, format, detailed));
    return true;
  }

  /** One line at start-up when the application has global guards the endpoints will not pass through. */
  private reportEnhancers(): void {
    const { guards, interceptors } = globalEnhancers(this.applicationConfig);
    if (guards.length > 0 && !this.options.noLog) this.logger.log(messages.frontDoorBypassesEnhancers(this.mount, guards, interceptors));
  }
}
