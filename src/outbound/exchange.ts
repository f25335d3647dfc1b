import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { outboundMessages } from '../messages.js';
import { OutboundError } from './outbound-request.js';

/**
 * Free connections are kept a little under the 5 s after which Node's own servers close idle
 * ones, and a connection the server closed anyway is retried once where that is safe.
 */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 4_000 } as const;

/**
 * The module's own agents, never `http.globalAgent` or a fetch dispatcher: nothing an application
 * sets for its own calls (agents, proxies, default headers, interceptors) reaches these.
 */
const httpAgent = new HttpAgent(AGENT_OPTIONS);
let https: Promise<{ agent: HttpsAgent; request: typeof httpRequest }> | undefined;

function httpsClient() {
  https ??= import('node:https').then(({ Agent, request }) => ({ agent: new Agent(AGENT_OPTIONS), request }));
  return https;
}

/** One request and its answer, without redirects. */
export interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
  readonly maxBodyBytes: number;
  /** Whether the body of this answer is kept. */
  readonly keepBody: (status: number, headers: IncomingHttpHeaders) => boolean;
}

export interface HopAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A kept-alive connection the server had closed before the request reached it: safe to send again. */
export class StaleConnection extends Error {
  constructor(readonly reason: unknown) {
    super('stale connection');
  }
}

/** Sends one request on the module's agents and reads its answer within `hop.maxBodyBytes`. */
export async function exchange(hop: Hop): Promise<HopAnswer> {
  const client = hop.url.protocol === 'https:' ? await httpsClient() : { agent: httpAgent, request: httpRequest };
  hop.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const options: RequestOptions = { method: hop.method, headers: hop.headers, agent: client.agent };
    const request = client.request(hop.url, options);
    const settle = (error: unknown, answer?: HopAnswer) => {
      hop.signal.removeEventListener('abort', abort);
      if (answer) return resolve(answer);
      request.destroy();
      reject(error);
    };
    const abort = () => settle(hop.signal.reason);
    hop.signal.addEventListener('abort', abort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const stale = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      settle(stale ? new StaleConnection(error) : error);
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      readBody(response, hop.maxBodyBytes, hop.keepBody(status, response.headers)).then(
        (body) => settle(undefined, { status, statusText: response.statusMessage ?? '', headers: response.headers, body }),
        settle,
      );
    });
    request.end(hop.body);
  });
}

/** Reads the body up to `limit` bytes; beyond it, a kept body fails the call and a dropped one is cut off. */
function readBody(response: IncomingMessage, limit: number, keep: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        if (keep) chunks.push(chunk);
        return;
      }
      response.destroy();
      if (keep) reject(new OutboundError('OUTBOUND_BODY_TOO_LARGE', outboundMessages.bodyTooLarge(limit)));
      else resolve('');
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(Object.assign(new Error('connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
    });
  });
}
