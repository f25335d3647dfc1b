import type { IncomingHttpHeaders } from 'node:http';
import { scrubUrls } from '../secrets/secret-scrubber.js';

/** One call made by the module to another server. */
export interface OutboundRequest {
  readonly url: string;
  /** Default `'GET'`. */
  readonly method?: string;
  /** Sent to every server on the way, redirects included. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Sent only while the chain of redirects stays on the origin of `url`, and never again once it
   * has left: credentials and API keys. Credentials in `url` join these as `Authorization: Basic`.
   */
  readonly originHeaders?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Milliseconds for the whole exchange, body included. Default none: only `signal` ends it. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  /** Redirects followed before giving up. Default `0`: a 3xx is the answer. */
  readonly maxRedirects?: number;
  /** Largest body read; more fails the call when the body is kept, and is not read when it is not. */
  readonly maxBodyBytes: number;
  /** Whether the body is kept (as UTF-8 text) or read and dropped. Default `true`. */
  readonly keepBody?: boolean;
}

/** The final answer, after any redirects followed. */
export interface OutboundResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as text, or `''` when it was not kept. */
  readonly body: string;
}

/** A call that failed for a reason of the client's own: a timeout, a body too large, too many redirects. */
export class OutboundError extends Error {
  constructor(
    readonly code: 'OUTBOUND_TIMEOUT' | 'OUTBOUND_BODY_TOO_LARGE' | 'OUTBOUND_TOO_MANY_REDIRECTS' | 'OUTBOUND_SCHEME',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** Why a call failed, fit for a health detail or a log line: the error's code and message, URLs scrubbed. */
export function failureReason(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) return failureReason(error.errors[0]);
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message !== '' ? scrubUrls(message) : String(error);
  return typeof code === 'string' && !code.startsWith('OUTBOUND_') && !text.includes(code) ? `${code} ${text}` : text;
}
