import { messages } from '../messages.js';

/** Why an operation request is refused before anything else looks at it. */
export interface OperationRefusal {
  readonly statusCode: 403 | 415;
  readonly error: string;
  readonly message: string;
}

/**
 * Guards the operations (POST /loggers, POST /shutdown) against requests a browser sends for
 * another site (cross-site request forgery), which carry the operator's cookies: a request that
 * the browser marks as cross-site (`Sec-Fetch-Site`), whose `Origin` is not this host, or whose
 * body is not JSON (a form or `text/plain`, which need no CORS preflight) is refused. A client
 * that is not a browser (curl, Spring Boot Admin) sends none of those headers, or JSON.
 */
export function operationRefusal(request: unknown): OperationRefusal | undefined {
  const evidence = crossSiteEvidence(request);
  if (evidence) return { statusCode: 403, error: 'Forbidden', message: messages.crossSiteOperation(evidence) };
  const contentType = headersOf(request)['content-type'];
  if (typeof contentType === 'string' && !isJson(contentType)) {
    return { statusCode: 415, error: 'Unsupported Media Type', message: messages.operationNotJson(contentType) };
  }
  return undefined;
}

/**
 * The header that shows a browser sent the request for another site (`Sec-Fetch-Site: cross-site`,
 * an `Origin` that is not this host, or `Origin: null`), as it reads in a refusal; undefined when none does.
 */
export function crossSiteEvidence(request: unknown): string | undefined {
  const headers = headersOf(request);
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = headers.origin;
  if (origin === 'null') return 'Origin: null';
  if (typeof origin === 'string' && hostOf(origin) !== headers.host) return `Origin: ${origin}`;
  return undefined;
}

function headersOf(request: unknown): Record<string, unknown> {
  return ((request as { headers?: Record<string, unknown> } | undefined)?.headers ?? {}) as Record<string, unknown>;
}

function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}

function isJson(contentType: string): boolean {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
