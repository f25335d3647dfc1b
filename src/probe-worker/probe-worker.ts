/**
 * The probe server: a worker thread running plain `node:http` on the management port. It answers
 * liveness, readiness and startup from the state the main thread publishes, and forwards every
 * other request to the main thread. It never waits on a busy main thread for a probe, so a busy
 * application still answers its kubelet; a main thread that stops making progress is reported.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { ClientAddress } from '../access/client-address.js';
import { TrustedHosts } from '../access/trusted-hosts.js';
import { BEAT_INTERVAL, Heartbeat, sharedClock } from './heartbeat.js';
import { CONTENT_TYPES, formatOf, HEALTH_FORMATS } from '../formats/media-type.js';
import type { ResponseFormat } from '../formats/media-type.js';
import { busyBody, FORBIDDEN_BODY, forwardTimeoutBody, JSON_TYPE, STALLED_BODIES, tooLargeBody } from './probe-bodies.js';
import { answerBody, needsRouter, PROBE_PATHS } from './probe-routes.js';
import { WorkerGrpcHealth } from './grpc-health-server.js';
import type { ForwardedResponse, MainToWorker, ProbeAnswer, ProbeEndpoint, ProbeWorkerConfig, StreamedHead, WorkerToMain } from './probe-protocol.js';
import { StaleRefreshes } from './stale-refreshes.js';
import { HOP_BY_HOP, StreamedReply } from './streamed-reply.js';

/** Largest request body forwarded to the main thread. */
const MAX_FORWARDED_BODY = 64 * 1024;
/**
 * Most forwarded requests waiting for the main thread at once; beyond it, and while the main
 * thread is stalled, a request is refused at once rather than queued for a thread that cannot
 * answer it in time (and would run it, for nobody, once it can).
 */
const MAX_PENDING_FORWARDS = 64;
/**
 * How long a stale answer waits for its refresh, when the main thread has been idle for the last
 * second and so gives one in a millisecond or two; a slower refresh leaves the stale answer.
 */
const REFRESH_BUDGET = 10;

interface PendingForward {
  readonly response: ServerResponse;
  timer: NodeJS.Timeout;
  readonly head: boolean;
}

class ProbeWorker {
  private readonly heartbeat: Heartbeat;
  private readonly addresses: ClientAddress;
  private readonly hosts: TrustedHosts;
  private readonly routes: ReadonlyMap<string, ProbeEndpoint>;
  private readonly answers = new Map<ProbeEndpoint, ProbeAnswer>();
  /** Stale while revalidating: a stale answer is served while its refresh is asked for. */
  private readonly refreshes = new StaleRefreshes<ProbeEndpoint>((endpoint) => this.send({ type: 'refresh', endpoint }));
  private readonly waiting = new Map<ProbeEndpoint, (() => void)[]>();
  private readonly pending = new Map<number, PendingForward>();
  /** Answers being streamed from the main thread, by forward id. */
  private readonly streams = new Map<number, StreamedReply>();
  private readonly server = createServer((request, response) => this.handle(request, response));
  private readonly grpc?: WorkerGrpcHealth;
  private nextId = 1;

  constructor(
    private readonly config: ProbeWorkerConfig,
    private readonly port: MessagePort,
  ) {
    this.heartbeat = new Heartbeat(config.heartbeat);
    this.addresses = new ClientAddress(config.access.trustProxy, config.access.allow);
    this.hosts = new TrustedHosts(config.access.hosts);
    this.routes = new Map([...PROBE_PATHS].map(([path, endpoint]) => [`${config.basePath}/${path}`, endpoint]));
    if (config.grpc) this.grpc = new WorkerGrpcHealth(config, config.grpc, this.heartbeat, (name) => this.send({ type: 'refreshService', name }));
  }

  start(): void {
    this.port.on('message', (message: MainToWorker) => this.receive(message));
    this.server.on('error', (error: NodeJS.ErrnoException) => this.send({ type: 'failed', message: error.message, code: error.code }));
    const http = new Promise<string>((resolve) => {
      this.server.listen(this.config.port, this.config.address, () => {
        const address = this.server.address();
        if (address === null || typeof address === 'string') return;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${host}:${address.port}`);
      });
    });
    const grpc = this.grpc?.start();
    grpc?.catch((error: Error) => this.send({ type: 'failed', message: `the gRPC health port: ${error.message}`, code: 'GRPC_BIND_FAILED' }));
    void Promise.all([http, grpc]).then(([url, grpcAddress]) => this.send({ type: 'listening', url, grpcAddress }));
  }

  private receive(message: MainToWorker): void {
    if (message.type === 'answers') {
      for (const [endpoint, answer] of Object.entries(message.answers) as [ProbeEndpoint, ProbeAnswer][]) {
        this.answers.set(endpoint, answer);
        this.refreshes.answered(endpoint);
        for (const resume of this.waiting.get(endpoint) ?? []) resume();
        this.waiting.delete(endpoint);
      }
    } else if (message.type === 'services') {
      this.grpc?.receive(message.services);
    } else if (message.type === 'response') {
      this.reply(message.id, message.response);
    } else if (message.type === 'head') {
      this.startStream(message.id, message.head);
    } else if (message.type === 'chunk') {
      this.streams.get(message.id)?.write(message.chunk);
    } else if (message.type === 'end' || message.type === 'abort') {
      this.streams.get(message.id)?.[message.type]();
      this.streams.delete(message.id);
    } else {
      this.close();
    }
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    // Read now: once the client has gone, the socket no longer knows its address.
    const remoteAddress = request.socket.remoteAddress;
    if (remoteAddress === undefined) return void request.socket.destroy();
    if (this.config.access.scope === 'all' && !this.addresses.isAllowed(request)) return write(request, response, 403, FORBIDDEN_BODY);
    const endpoint = this.routes.get((request.url ?? '/').split('?', 1)[0]!);
    const probe = endpoint !== undefined && (request.method === 'GET' || request.method === 'HEAD');
    if (!probe || needsRouter(request.headers, endpoint, this.config.forwardCredentials) || !this.answers.has(endpoint)) return this.forward(request, response, remoteAddress);
    const format = formatOf(request.headers.accept, HEALTH_FORMATS);
    const overdue = this.heartbeat.overdue();
    if (endpoint !== 'startup' && overdue > this.config.stallLimit) return this.stalled(request, response, endpoint, format);
    const shedding = this.config.loadShedding;
    if (endpoint === 'readiness' && shedding && overdue > shedding.maxDelay) return this.stalled(request, response, endpoint, format);
    const stale = this.refreshes.check(endpoint, this.answers.get(endpoint)!.freshUntil);
    if (stale && this.mainThreadIdle()) void this.answerAfterRefresh(request, response, endpoint, format);
    else this.answer(request, response, endpoint, format);
  }

  private answer(request: IncomingMessage, response: ServerResponse, endpoint: ProbeEndpoint, format: ResponseFormat): void {
    const answer = this.answers.get(endpoint)!;
    const body = answerBody(answer, format, answer.detailedBody !== undefined && this.showsDetailsByAddress(request));
    write(request, response, answer.statusCode, body, CONTENT_TYPES[format]);
  }

  /**
   * Whether details go to this client by its address alone: the allow-list admits it and, where
   * there is one, its `Host` names this server (a page on a rebound name must not read them).
   */
  private showsDetailsByAddress(request: IncomingMessage): boolean {
    if (!this.addresses.isAllowed(request)) return false;
    return this.config.access.allow === undefined || this.hosts.untrustedHostOf(request) === undefined;
  }

  private stalled(request: IncomingMessage, response: ServerResponse, endpoint: 'liveness' | 'readiness', format: ResponseFormat): void {
    const body = format === 'health' ? this.config.stalledHealthBody : STALLED_BODIES[endpoint];
    write(request, response, this.config.stalledCodes[endpoint], body, CONTENT_TYPES[format]);
  }

  /** Whether the main thread is idle enough to refresh an answer within a fraction of a probe's timeout. */
  private mainThreadIdle(): boolean {
    return this.heartbeat.overdue() === 0 && this.heartbeat.loopDelay() < BEAT_INTERVAL / 2 && !this.heartbeat.pausing();
  }

  /** Waits up to REFRESH_BUDGET for the refreshed answer, then answers with the newest one known. */
  private async answerAfterRefresh(request: IncomingMessage, response: ServerResponse, endpoint: ProbeEndpoint, format: ResponseFormat): Promise<void> {
    await new Promise<void>((resume) => {
      const timer = setTimeout(resume, REFRESH_BUDGET);
      const waiters = this.waiting.get(endpoint) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resume();
      });
      this.waiting.set(endpoint, waiters);
    });
    this.answer(request, response, endpoint, format);
  }

  private forward(request: IncomingMessage, response: ServerResponse, remoteAddress: string): void {
    if (this.heartbeat.overdue() > this.config.stallLimit || this.pending.size >= MAX_PENDING_FORWARDS) {
      request.resume();
      return write(request, response, 503, busyBody());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORWARDED_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_FORWARDED_BODY) return write(request, response, 413, tooLargeBody(MAX_FORWARDED_BODY));
      const id = this.nextId++;
      const limit = this.config.stallLimit;
      const expire = (): void => {
        // A pause the main thread announced (a heap snapshot) holds the request; it does not time it out.
        const pending = this.pending.get(id);
        if (pending && this.heartbeat.pausing()) pending.timer = setTimeout(expire, BEAT_INTERVAL);
        else this.reply(id, { statusCode: 503, headers: { 'content-type': JSON_TYPE }, body: forwardTimeoutBody(limit) });
      };
      this.pending.set(id, { response, timer: setTimeout(expire, limit), head: request.method === 'HEAD' });
      const { method = 'GET', url = '/', headers } = request;
      const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
      // The main thread skips a request still queued when the worker has answered it for it.
      const deadline = sharedClock() + limit;
      this.send({ type: 'forward', id, request: { method, url, headers, remoteAddress, body, deadline } });
    });
  }

  private reply(id: number, forwarded: ForwardedResponse): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const { response } = pending;
    if (response.headersSent || response.destroyed) return;
    for (const [name, value] of Object.entries(forwarded.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) response.setHeader(name, value);
    }
    response.setHeader('Cache-Control', 'no-store');
    response.statusCode = forwarded.statusCode;
    // A HEAD answer has no body of its own to measure: keep the length the GET body would have.
    const length = forwarded.headers['content-length'];
    if (pending.head && length !== undefined) response.setHeader('Content-Length', length);
    response.end(pending.head ? undefined : forwarded.body);
  }

  /** The main thread's answer comes in pieces: its head now, its chunks as they come. */
  private startStream(id: number, head: StreamedHead): void {
    const pending = this.pending.get(id);
    if (!pending) return this.send({ type: 'cancel', id });
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (pending.response.headersSent || pending.response.destroyed) return this.send({ type: 'cancel', id });
    this.streams.set(id, new StreamedReply(id, pending.response, head, (message) => this.send(message)));
    pending.response.once('close', () => this.streams.delete(id));
  }

  private close(): void {
    for (const [id] of this.pending) this.reply(id, { statusCode: 503, headers: { 'content-type': JSON_TYPE }, body: forwardTimeoutBody(0) });
    for (const stream of this.streams.values()) stream.abort();
    this.streams.clear();
    this.grpc?.close();
    this.server.close(() => this.send({ type: 'closed' }));
    this.server.closeAllConnections();
  }

  private send(message: WorkerToMain): void {
    this.port.postMessage(message);
  }
}

function write(request: IncomingMessage, response: ServerResponse, statusCode: number, body: string, contentType = JSON_TYPE): void {
  response.writeHead(statusCode, { 'Cache-Control': 'no-store', 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(request.method === 'HEAD' ? undefined : body);
}

if (!isMainThread && parentPort) new ProbeWorker(workerData as ProbeWorkerConfig, parentPort).start();
