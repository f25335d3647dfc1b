import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';

/** Where a streamed answer's body goes, chunk by chunk. */
export interface BodyWriter {
  /** Hands `chunk` on at once (callable during a synchronous pass, such as a heap snapshot's). */
  write(chunk: string): void;
  /** Ends the body; resolves once it has left this thread (or the client has gone). */
  end(): Promise<void>;
  /** The body cannot be finished: the client must not take what it got for a whole answer. */
  abort(): void;
  /** Aborted when the client goes away before the end: work for it (a recording) may stop. */
  readonly gone: AbortSignal;
}

/** How a door that does not own a socket (the probe worker's forwarding) takes a streamed answer. */
export type StreamOpener = (statusCode: number, headers: Record<string, string>) => BodyWriter;

const STREAM_OPENER = Symbol('nestjs-management-endpoints:stream-opener');

/** Marks `response` (a forwarded request's) as answered through `opener` when its body is streamed. */
export function streamThrough(response: object, opener: StreamOpener): void {
  (response as Record<symbol, StreamOpener>)[STREAM_OPENER] = opener;
}

/** Whether a streamed answer to `response` leaves through another thread (the probe worker's forwarding). */
export function isForwarded(response: object): boolean {
  return (response as Record<symbol, StreamOpener | undefined>)[STREAM_OPENER] !== undefined;
}

/**
 * Starts a streamed answer with no length: its status and headers leave now, its body follows
 * through the writer. On Node's own response each chunk goes to the socket as it comes; for a
 * request the probe worker forwarded, each chunk goes straight to the worker, which writes it
 * to its client (nothing is gathered into one whole answer first).
 */
export function startStreamedBody(response: ServerResponse, statusCode: number, headers: Record<string, string>): BodyWriter {
  const opener = (response as unknown as Record<symbol, StreamOpener | undefined>)[STREAM_OPENER];
  if (opener) {
    const writer = opener(statusCode, headers);
    return {
      write: (chunk) => writer.write(chunk),
      end: async () => {
        response.end();
        await writer.end();
      },
      abort: () => {
        writer.abort();
        response.end();
      },
      gone: writer.gone,
    };
  }
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  response.writeHead(statusCode, { ...headers, 'Cache-Control': 'no-store' });
  response.flushHeaders();
  return {
    gone: gone.signal,
    write: (chunk) => {
      if (!response.destroyed) response.write(chunk);
    },
    end: async () => {
      response.end();
      await finished(response).catch(() => undefined);
    },
    abort: () => response.destroy(),
  };
}
