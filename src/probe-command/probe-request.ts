import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { probeMessages } from '../messages.js';

/** The result of one probe: healthy, or why not (a phrase that follows the URL). */
export type ProbeOutcome = { readonly healthy: true } | { readonly healthy: false; readonly reason: string };

/** How much of a non-200 body is read to find its health `status`. */
const BODY_LIMIT = 1024;
const HEADERS = { accept: 'application/json', 'user-agent': 'nestjs-management-endpoints-probe' };

/**
 * Sends one GET to `url` and settles within `timeoutMs` (connecting, the status line and, for a
 * failure, the start of the body all count). Healthy only on exactly HTTP 200: the module answers
 * 200 for UP and 503 otherwise, so anything else (a redirect is not followed) means the URL is
 * wrong. Never rejects. Uses a fresh connection and leaves nothing open, so the process exits at once.
 */
export function requestProbe(url: URL, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let answered: IncomingMessage | undefined;
    let body = '';
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const unhealthy = (reason: string): ProbeOutcome => ({ healthy: false, reason });
    const failedAnswer = (): ProbeOutcome =>
      unhealthy(probeMessages.answered(answered!.statusCode ?? 0, answered!.statusMessage, healthStatus(body)));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: 'GET', agent: false, headers: HEADERS }, (response) => {
      answered = response;
      if (response.statusCode === 200) return finish({ healthy: true });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.length >= BODY_LIMIT) finish(failedAnswer());
      });
      response.on('end', () => finish(failedAnswer()));
      response.on('error', () => finish(failedAnswer()));
    });
    const timer = setTimeout(() => finish(answered ? failedAnswer() : unhealthy(probeMessages.timedOut(timeoutMs))), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish(answered ? failedAnswer() : unhealthy(describeError(error))));
    request.end();
  });
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return probeMessages.refused();
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return probeMessages.hostNotFound(error.code);
    case 'ECONNRESET':
    case 'EPIPE':
      return probeMessages.closed(error.code);
    default:
      return probeMessages.requestFailed(error.code ? `${error.code} ${error.message}` : error.message);
  }
}

/** The `status` of a Spring-style health body (`{"status":"DOWN",...}`), if the body is one. */
function healthStatus(body: string): string | undefined {
  const match = /^\s*\{\s*"status"\s*:\s*"([A-Z_]{1,40})"/.exec(body);
  return match?.[1];
}
