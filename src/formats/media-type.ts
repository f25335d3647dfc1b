/**
 * Which representation a management response takes, from the request's `Accept` header. Free of
 * Nest, so the probe worker negotiates exactly as the main thread does.
 */
import Negotiator from 'negotiator';

/**
 * `json`: Spring's JSON as `application/json` (the default, whatever the client accepts);
 * `actuator`: the same body as Spring Boot Actuator's own type, which Spring Boot Admin reads;
 * `health`: the IETF draft health check format (draft-inadarei-api-health-check).
 */
export type ResponseFormat = 'json' | 'actuator' | 'health';

export const MEDIA_TYPES = {
  json: 'application/json',
  actuator: 'application/vnd.spring-boot.actuator.v3+json',
  health: 'application/health+json',
} as const satisfies Record<ResponseFormat, string>;

/** The Content-Type header each format is written with. */
export const CONTENT_TYPES: Readonly<Record<ResponseFormat, string>> = {
  json: 'application/json; charset=utf-8',
  actuator: `${MEDIA_TYPES.actuator}; charset=utf-8`,
  health: `${MEDIA_TYPES.health}; charset=utf-8`,
};

/** Formats an endpoint offers; `application/json` first, so `*\/*` and ties choose it. */
export const HEALTH_FORMATS: readonly ResponseFormat[] = ['json', 'actuator', 'health'];
export const ACTUATOR_FORMATS: readonly ResponseFormat[] = ['json', 'actuator'];

/** Spring Boot Admin 2 asks for v2; its bodies read the same for what this module serves. */
const ACTUATOR_V2 = 'application/vnd.spring-boot.actuator.v2+json';

/**
 * The format the client prefers among `offered`, honouring q-values; `json` when the header is
 * absent, accepts anything, or names nothing offered (probes must get an answer, not a 406).
 */
export function formatOf(accept: string | readonly string[] | undefined, offered: readonly ResponseFormat[]): ResponseFormat {
  // The common cases (no header, curl's and the kubelet's */*, plain JSON) skip parsing.
  if (accept === undefined || accept === '*/*' || accept === MEDIA_TYPES.json || accept === '') return 'json';
  const available: string[] = offered.map((format) => MEDIA_TYPES[format]);
  if (offered.includes('actuator')) available.push(ACTUATOR_V2);
  const preferred = new Negotiator({ headers: { accept } }).mediaType(available);
  if (preferred === ACTUATOR_V2) return 'actuator';
  return offered.find((format) => MEDIA_TYPES[format] === preferred) ?? 'json';
}

/** The `Accept` header of an Express, Fastify or `node:http` request. */
export function acceptOf(request: unknown): string | readonly string[] | undefined {
  return (request as { headers?: Record<string, string | string[] | undefined> } | undefined)?.headers?.accept;
}
