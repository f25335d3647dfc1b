import type { ServerResponse } from 'node:http';
import type { StreamedHead, WorkerToMain } from './probe-protocol.js';

/** Headers of the main thread's answer that belong to its own connection, not the client's. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/**
 * The worker's side of an answer that comes in pieces (a heap snapshot forwarded from the main
 * thread): writes each chunk to the client's socket as it arrives and counts, in the shared
 * `written` slot, the bytes the socket has taken, so the main thread never runs more than a
 * window ahead of the client. A client that goes away cancels the rest.
 */
export class StreamedReply {
  private readonly written: BigInt64Array;
  private finished = false;

  constructor(
    private readonly id: number,
    private readonly response: ServerResponse,
    head: StreamedHead,
    private readonly send: (message: WorkerToMain) => void,
  ) {
    this.written = new BigInt64Array(head.written);
    for (const [name, value] of Object.entries(head.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) response.setHeader(name, value);
    }
    response.setHeader('Cache-Control', 'no-store');
    response.statusCode = head.statusCode;
    response.flushHeaders();
    response.once('close', () => {
      if (!this.finished) this.send({ type: 'cancel', id });
      this.finished = true;
    });
  }

  /** Whether the client is still there to take more. */
  get open(): boolean {
    return !this.finished;
  }

  write(chunk: string): void {
    if (this.finished) return;
    this.response.write(chunk, () => {
      Atomics.add(this.written, 0, BigInt(Buffer.byteLength(chunk)));
      if (!this.finished) this.send({ type: 'written', id: this.id });
    });
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.response.end();
  }

  /** The main thread failed half-way: the client must not take a truncated body for a whole one. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.response.destroy();
  }
}
