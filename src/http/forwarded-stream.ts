import { STREAM_WINDOW } from '../probe-worker/probe-protocol.js';
import type { MainToWorker } from '../probe-worker/probe-protocol.js';
import type { BodyWriter } from './streamed-body.js';

/**
 * The main thread's side of a streamed answer to the probe worker: the head at once, then each
 * chunk as the endpoint writes it, then the end. A chunk goes out synchronously, even while the
 * endpoint keeps the thread busy (a heap snapshot is serialized in one pass), as long as the
 * worker's client is no more than `STREAM_WINDOW` bytes behind, which the worker counts in
 * shared memory; past that, chunks wait here and leave as the worker reports bytes written.
 */
export class ForwardedStream implements BodyWriter {
  private readonly written: BigInt64Array;
  private readonly waiting: string[] = [];
  private sent = 0;
  private ending: 'end' | 'abort' | undefined;
  private cancelled = false;
  private readonly cancellation = new AbortController();
  /** Aborted when the worker's client went away. */
  readonly gone: AbortSignal = this.cancellation.signal;
  private readonly left: Promise<void>;
  private resolveLeft!: () => void;

  constructor(
    private readonly id: number,
    statusCode: number,
    headers: Record<string, string>,
    private readonly send: (message: MainToWorker) => void,
    /** Called once the last message has gone (or the client went away). */
    private readonly done: () => void,
  ) {
    this.left = new Promise((resolve) => (this.resolveLeft = resolve));
    const shared = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
    this.written = new BigInt64Array(shared);
    send({ type: 'head', id, head: { statusCode, headers, written: shared } });
  }

  write(chunk: string): void {
    if (this.cancelled || this.ending) return;
    if (this.waiting.length === 0 && this.withinWindow()) this.post(chunk);
    else this.waiting.push(chunk);
  }

  end(): Promise<void> {
    this.finish('end');
    return this.left;
  }

  abort(): void {
    this.waiting.length = 0;
    this.finish('abort');
  }

  /** The worker's client took more bytes: send what waits, as far as the window allows. */
  onWritten(): void {
    while (this.waiting.length > 0 && this.withinWindow()) this.post(this.waiting.shift()!);
    if (this.waiting.length === 0 && this.ending) this.close(this.ending);
  }

  /** The client went away: nothing more is sent. */
  cancel(): void {
    this.cancelled = true;
    this.cancellation.abort();
    this.waiting.length = 0;
    this.resolveLeft();
    this.done();
  }

  private finish(how: 'end' | 'abort'): void {
    if (this.cancelled || this.ending) return;
    this.ending = how;
    if (this.waiting.length === 0) this.close(how);
  }

  private close(how: 'end' | 'abort'): void {
    this.send({ type: how, id: this.id });
    this.resolveLeft();
    this.done();
  }

  private post(chunk: string): void {
    this.sent += Buffer.byteLength(chunk);
    this.send({ type: 'chunk', id: this.id, chunk });
  }

  private withinWindow(): boolean {
    return this.sent - Number(Atomics.load(this.written, 0)) <= STREAM_WINDOW;
  }
}
