import type { Readable } from 'node:stream';
import { STREAM_WINDOW } from '../probe-worker/probe-protocol.js';
import type { MainToWorker } from '../probe-worker/probe-protocol.js';

/** An answer to a forwarded request whose body comes as a stream (it has no `Content-Length`). */
export interface StreamedAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly stream: Readable;
}

type Send = (message: MainToWorker, transfer?: ArrayBuffer[]) => void;

/**
 * The main thread's side of a streamed answer to the probe worker: the head, then each chunk as
 * the endpoint writes it, then the end. Chunks go out as they are written, synchronously, even
 * while the endpoint keeps the thread busy (a heap snapshot is serialized in one go), as long as
 * the client's socket in the worker is no more than `STREAM_WINDOW` bytes behind; past that, the
 * body waits here (paused) and flows on as the worker reports bytes written.
 */
export class ForwardedStream {
  private readonly written: BigInt64Array;
  private sent = 0;

  constructor(
    private readonly id: number,
    private readonly answer: StreamedAnswer,
    private readonly send: Send,
  ) {
    const shared = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
    this.written = new BigInt64Array(shared);
    send({ type: 'head', id, head: { statusCode: answer.statusCode, headers: answer.headers, written: shared } });
    const { stream } = answer;
    stream.on('data', (chunk: Buffer) => this.forward(chunk));
    stream.once('end', () => send({ type: 'end', id }));
    stream.once('error', () => send({ type: 'abort', id }));
  }

  /** The worker's socket took more bytes: flow on when back inside the window. */
  onWritten(): void {
    if (this.answer.stream.isPaused() && this.withinWindow()) this.answer.stream.resume();
  }

  /** The client went away: nothing more is sent, and the body is dropped. */
  cancel(): void {
    this.answer.stream.removeAllListeners('data');
    this.answer.stream.destroy();
  }

  private forward(chunk: Buffer): void {
    // A copy in a buffer of its own, handed over rather than cloned (a Buffer may be a slice of a shared pool).
    const own = new Uint8Array(chunk);
    this.sent += own.byteLength;
    this.send({ type: 'chunk', id: this.id, chunk: own }, [own.buffer as ArrayBuffer]);
    if (!this.withinWindow()) this.answer.stream.pause();
  }

  private withinWindow(): boolean {
    return this.sent - Number(Atomics.load(this.written, 0)) <= STREAM_WINDOW;
  }
}
