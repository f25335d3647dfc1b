import type { IncomingMessage } from 'node:http';
import { withTimeout } from '../timing/with-timeout.js';

/** Largest body a management endpoint reads. */
const MAX_BODY_BYTES = 16 * 1024;

/** Marks a body that is not JSON (or is too large), as opposed to a JSON `undefined`. */
export const UNREADABLE = Symbol('unreadable body');

/** Marks a body that did not arrive within the time allowed. */
export const TOO_SLOW = Symbol('body too slow');

/**
 * The JSON body of a management request, whether or not a body parser ran: the framework's parsed
 * `body` when there is one (Express with its JSON parser, Fastify), else the request stream read
 * here (an application created with `bodyParser: false`, the management port's own server).
 * `undefined` for an empty body; `UNREADABLE` for one that is not JSON or is over 16 KiB;
 * `TOO_SLOW` for one still arriving after `timeout` milliseconds (a client dripping its body
 * must not hold the request open).
 */
export async function readJsonBody(request: unknown, timeout: number): Promise<unknown> {
  const { body } = (request ?? {}) as { body?: unknown };
  if (typeof body === 'string' || Buffer.isBuffer(body)) return parse(String(body));
  if (body !== undefined && body !== null) return body;
  const stream = rawRequest(request);
  if (!stream || stream.readableEnded) return undefined;
  const read = readStream(stream);
  const text = await withTimeout(read, timeout);
  return text === undefined ? TOO_SLOW : text === UNREADABLE ? UNREADABLE : parse(text);
}

async function readStream(stream: IncomingMessage): Promise<string | typeof UNREADABLE> {
  let text = '';
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return UNREADABLE;
    text += chunk.toString('utf8');
  }
  return text;
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNREADABLE;
  }
}

function rawRequest(request: unknown): IncomingMessage | undefined {
  const candidate = request as { raw?: IncomingMessage; on?: unknown } | undefined;
  if (candidate?.raw && typeof candidate.raw === 'object') return candidate.raw;
  return typeof candidate?.on === 'function' ? (candidate as IncomingMessage) : undefined;
}
