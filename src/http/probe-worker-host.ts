import { Worker } from 'node:worker_threads';
import type { ForwardedRequest, ForwardedResponse, MainToWorker, ProbeAnswer, ProbeEndpoint, ProbeWorkerConfig, WorkerToMain } from '../probe-worker/probe-protocol.js';
import { probeWorkerFile } from '../probe-worker/worker-file.js';

/** What the host asks of the main thread on the worker's behalf. */
export interface ProbeWorkerHandlers {
  /** Answers a forwarded request on the main thread. */
  forward(request: ForwardedRequest): Promise<ForwardedResponse>;
  /** The worker found `endpoint`'s answer stale. */
  refresh(endpoint: ProbeEndpoint): void;
  /** The worker failed after it had started (its server errored or the thread died). */
  failed(message: string): void;
}

/** Milliseconds the worker gets to close its server before it is terminated. */
const CLOSE_GRACE = 2_000;

/**
 * The main thread's side of the probe worker: starts the thread, relays forwarded requests and
 * refresh requests, publishes answers to it, and stops it. The thread is unref'd, so it never
 * keeps the process alive.
 */
export class ProbeWorkerHost {
  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {}

  /** Starts the worker and resolves once it listens; rejects if it cannot (port taken, no worker file). */
  static async start(config: ProbeWorkerConfig, handlers: ProbeWorkerHandlers): Promise<ProbeWorkerHost> {
    const worker = new Worker(probeWorkerFile(), { workerData: config });
    let stopListening = (): void => undefined;
    const url = await new Promise<string>((resolve, reject) => {
      const onMessage = (message: WorkerToMain) => {
        if (message.type === 'listening') resolve(message.url);
        else if (message.type === 'failed') reject(new Error(message.message));
      };
      const onExit = (code: number) => reject(new Error(`the probe worker exited with code ${code}`));
      worker.on('message', onMessage).once('error', reject).once('exit', onExit);
      stopListening = () => worker.off('message', onMessage).off('error', reject).off('exit', onExit);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    stopListening();
    const host = new ProbeWorkerHost(worker, url);
    worker.on('message', (message: WorkerToMain) => host.receive(message, handlers));
    worker.on('error', (error) => handlers.failed(error.message));
    worker.unref();
    return host;
  }

  /** Publishes new answers to the worker. */
  publish(answers: Partial<Record<ProbeEndpoint, ProbeAnswer>>): void {
    this.send({ type: 'answers', answers });
  }

  /** Closes the worker's server (answering what is still forwarded) and ends the thread. */
  async close(): Promise<void> {
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
    else if (message.type === 'failed') handlers.failed(message.message);
    else if (message.type === 'forward') {
      const { id } = message;
      handlers.forward(message.request).then(
        (response) => this.send({ type: 'response', id, response }),
        () => this.send({ type: 'response', id, response: { statusCode: 500, headers: {}, body: '' } }),
      );
    }
  }

  private send(message: MainToWorker): void {
    this.worker.postMessage(message);
  }
}
