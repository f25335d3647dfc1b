import { Worker } from 'node:worker_threads';
import type {
  ForwardedRequest,
  ForwardedResponse,
  MainToWorker,
  ProbeAnswer,
  ProbeEndpoint,
  ProbeWorkerConfig,
  WorkerServiceState,
  WorkerToMain,
} from '../probe-worker/probe-protocol.js';
import { messages } from '../messages.js';
import { probeWorkerSource } from '../probe-worker/worker-source.generated.js';
import { sharedClock } from '../probe-worker/heartbeat.js';
import { ForwardedStream } from './forwarded-stream.js';
import type { StreamOpener } from './streamed-body.js';

/** What the host asks of the main thread on the worker's behalf. */
export interface ProbeWorkerHandlers {
  /**
   * Answers a forwarded request on the main thread: resolves with the whole answer, unless the
   * endpoint streamed it through `stream` (then what it resolves with is not sent).
   */
  forward(request: ForwardedRequest, stream: StreamOpener): Promise<ForwardedResponse>;
  /** The worker found `endpoint`'s answer stale. */
  refresh(endpoint: ProbeEndpoint): void;
  /** The worker found a gRPC health service name's state stale. */
  refreshService(name: string): void;
  /** The worker stopped after it had started (its thread died or its server failed). */
  failed(message: string): void;
}

/** The worker's server could not listen (port taken, address unknown): no thread would do better. */
export class ProbePortError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Milliseconds the worker gets to start listening, and to close. */
const START_LIMIT = 10_000;
const CLOSE_GRACE = 2_000;

/**
 * The main thread's side of the probe worker: starts the thread, relays forwarded requests and
 * refresh requests, publishes answers to it, and stops it. The thread is unref'd, so it never
 * keeps the process alive.
 */
export class ProbeWorkerHost {
  private exited = false;
  private closing = false;
  /** Answers being streamed to the worker, by forward id. */
  private readonly streams = new Map<number, ForwardedStream>();

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
    /** Where the worker's gRPC health port listens (`host:port`), when it has one. */
    readonly grpcAddress: string | undefined,
  ) {}

  /**
   * Starts the worker and resolves once it listens. Rejects with a `ProbePortError` when its
   * server cannot listen, and with another error when the thread itself cannot run.
   */
  static async start(config: ProbeWorkerConfig, handlers: ProbeWorkerHandlers): Promise<ProbeWorkerHost> {
    // Started from source rather than a file, so a bundled application has nothing to look up on disk.
    // Its source is CommonJS: a process started with --input-type=module (node -e) must not pass that on.
    const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
    const worker = new Worker(probeWorkerSource, { eval: true, workerData: config, execArgv });
    let stopListening = (): void => undefined;
    const { url, grpcAddress } = await new Promise<{ url: string; grpcAddress?: string }>((resolve, reject) => {
      const onMessage = (message: WorkerToMain) => {
        if (message.type === 'listening') resolve(message);
        else if (message.type === 'failed') reject(message.code ? new ProbePortError(message.message, message.code) : new Error(message.message));
      };
      const onExit = (code: number) => reject(new Error(messages.workerExited(code)));
      const timer = setTimeout(() => reject(new Error(messages.workerStartTimeout(START_LIMIT))), START_LIMIT);
      worker.on('message', onMessage).once('error', reject).once('exit', onExit);
      stopListening = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', reject).off('exit', onExit);
      };
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      })
      .finally(() => stopListening());
    const host = new ProbeWorkerHost(worker, url, grpcAddress);
    worker.on('message', (message: WorkerToMain) => host.receive(message, handlers));
    worker.on('error', (error) => handlers.failed(error.message));
    worker.on('exit', (code) => {
      host.exited = true;
      // Nobody is left to take what they were streaming: end them, so their endpoints let go.
      for (const stream of host.streams.values()) stream.cancel();
      if (!host.closing) handlers.failed(`the probe worker thread exited with code ${code}`);
    });
    worker.unref();
    return host;
  }

  /** Publishes new answers to the worker. */
  publish(answers: Partial<Record<ProbeEndpoint, ProbeAnswer>>): void {
    if (!this.exited) this.send({ type: 'answers', answers });
  }

  /** Publishes new states of gRPC health service names (null: gone) to the worker. */
  publishServices(services: Record<string, WorkerServiceState | null>): void {
    if (!this.exited) this.send({ type: 'services', services });
  }

  /** Closes the worker's server (answering what is still forwarded) and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.exited) return;
    // Held while closing (bounded by the grace period), so the answer can arrive.
    this.worker.ref();
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (message: WorkerToMain) => message.type === 'closed' && resolve());
      this.worker.once('exit', () => resolve());
    });
    this.send({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE)));
    await Promise.race([closed, grace]);
    clearTimeout(timer);
    await this.worker.terminate();
  }

  private receive(message: WorkerToMain, handlers: ProbeWorkerHandlers): void {
    if (message.type === 'refresh') handlers.refresh(message.endpoint);
    else if (message.type === 'refreshService') handlers.refreshService(message.name);
    else if (message.type === 'failed') handlers.failed(message.message);
    else if (message.type === 'forward') {
      const { id } = message;
      if (sharedClock() >= message.request.deadline) return;
      let streamed = false;
      const open: StreamOpener = (statusCode, headers) => {
        streamed = true;
        const stream = new ForwardedStream(id, statusCode, headers, (reply) => this.send(reply), () => this.streams.delete(id));
        this.streams.set(id, stream);
        return stream;
      };
      handlers.forward(message.request, open).then(
        (response) => streamed || this.send({ type: 'response', id, response }),
        () => (streamed ? this.streams.get(id)?.abort() : this.send({ type: 'response', id, response: FAILED_RESPONSE })),
      );
    } else if (message.type === 'written') {
      this.streams.get(message.id)?.onWritten();
    } else if (message.type === 'cancel') {
      this.streams.get(message.id)?.cancel();
    }
  }

  private send(message: MainToWorker): void {
    if (!this.exited) this.worker.postMessage(message);
  }
}

const FAILED_RESPONSE: ForwardedResponse = {
  statusCode: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'The management endpoint failed.' }),
};
