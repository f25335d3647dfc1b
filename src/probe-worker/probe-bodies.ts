/** Bodies the probe worker writes itself, in the same shapes the main thread's server uses. */

export const JSON_TYPE = 'application/json; charset=utf-8';

export const FORBIDDEN_MESSAGE = 'This client address may not use the management endpoints.';

export const FORBIDDEN_BODY = JSON.stringify({ statusCode: 403, error: 'Forbidden', message: FORBIDDEN_MESSAGE });

/** What liveness and readiness answer while the main thread makes no progress (health+json: see the config). */
export const STALLED_BODIES = {
  liveness: JSON.stringify({ status: 'DOWN' }),
  readiness: JSON.stringify({ status: 'OUT_OF_SERVICE' }),
} as const;


export function forwardTimeoutBody(limit: number): string {
  const message =
    limit > 0 ? `The application did not answer within ${limit} ms.` : 'The management server is closing.';
  return JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message });
}

export function tooLargeBody(limit: number): string {
  return JSON.stringify({ statusCode: 413, error: 'Payload Too Large', message: `A management request body may be at most ${limit} bytes.` });
}

/** A forwarded request refused at once: the main thread is stalled, or too many wait for it already. */
export function busyBody(): string {
  return JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'The application is not answering management requests right now; try again shortly.' });
}
