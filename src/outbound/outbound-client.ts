import { outboundMessages } from '../messages.js';
import { exchange, StaleConnection } from './exchange.js';
import type { HopAnswer } from './exchange.js';
import { OutboundError } from './outbound-request.js';
import type { OutboundRequest, OutboundResponse } from './outbound-request.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Methods sent again on a fresh connection when a kept-alive one turns out closed. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT']);
const USER_AGENT = 'nestjs-management-endpoints';

/**
 * Makes one call for the module (service dependencies, webhooks, Spring Boot Admin, httpCheck)
 * on `node:http`/`node:https` with agents of its own, so that nothing the application configures
 * for its own calls (axios defaults and interceptors, a fetch dispatcher, `http.globalAgent`,
 * proxy variables) changes where the call goes or what it carries. Any status is an answer;
 * a failure to get one (network, TLS, timeout, size, redirects) rejects.
 */
export async function sendRequest(request: OutboundRequest): Promise<OutboundResponse> {
  const deadline = new AbortController();
  const caller = request.signal;
  const stop = () => deadline.abort(caller?.reason);
  const timer =
    request.timeout === undefined
      ? undefined
      : setTimeout(() => deadline.abort(new OutboundError('OUTBOUND_TIMEOUT', outboundMessages.timedOut(request.timeout!))), request.timeout);
  caller?.addEventListener('abort', stop, { once: true });
  if (caller?.aborted) stop();
  try {
    return await follow(request, deadline.signal);
  } catch (error) {
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', stop);
  }
}

async function follow(request: OutboundRequest, signal: AbortSignal): Promise<OutboundResponse> {
  const start = new URL(request.url);
  const maxRedirects = request.maxRedirects ?? 0;
  let url = start;
  let method = (request.method ?? 'GET').toUpperCase();
  let body = request.body;
  let originHeaders: Readonly<Record<string, string>> = withUrlCredentials(start, request.originHeaders);
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundError('OUTBOUND_SCHEME', outboundMessages.unsupportedScheme(url.protocol));
    }
    const headers = { 'User-Agent': USER_AGENT, ...request.headers, ...originHeaders };
    const answer = await once({
      url,
      method,
      headers,
      body,
      signal,
      maxBodyBytes: request.maxBodyBytes,
      keepBody: (status, answerHeaders) => request.keepBody !== false && !(maxRedirects > 0 && isRedirect(status, answerHeaders.location)),
    });
    const location = answer.headers.location;
    if (maxRedirects === 0 || !isRedirect(answer.status, location)) return answer;
    if (redirects === maxRedirects) throw new OutboundError('OUTBOUND_TOO_MANY_REDIRECTS', outboundMessages.tooManyRedirects(maxRedirects));
    url = new URL(location!, url);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
    }
    if (url.origin !== start.origin) originHeaders = {};
    url.username = '';
    url.password = '';
  }
}

function isRedirect(status: number, location: string | undefined): boolean {
  return REDIRECT_STATUSES.has(status) && location !== undefined;
}

/** One exchange, sent again once when a kept-alive connection had been closed by the server. */
async function once(hop: Parameters<typeof exchange>[0]): Promise<HopAnswer> {
  try {
    return await exchange(hop);
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    if (!IDEMPOTENT_METHODS.has(hop.method)) throw error.reason;
    return exchange(hop).catch((again: unknown) => {
      throw again instanceof StaleConnection ? again.reason : again;
    });
  }
}

/**
 * Credentials in the URL become an `Authorization: Basic` header kept to the origin (as a
 * browser sends them), unless the headers already give one, and leave the URL.
 */
function withUrlCredentials(url: URL, headers: Readonly<Record<string, string>> = {}): Readonly<Record<string, string>> {
  if (url.username === '' && url.password === '') return headers;
  const credentials = `${decoded(url.username)}:${decoded(url.password)}`;
  url.username = '';
  url.password = '';
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers;
  return { ...headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
