/**
 * Which requests are probes answered from published answers, and with which body: shared by the
 * probe worker (management port) and the front door (application's port), so both doors answer
 * the same request with the same bytes. Nothing here imports Nest.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { DEPENDENCY_CHECK_HEADER } from '../dependencies/dependency-check-header.js';
import type { ResponseFormat } from '../formats/media-type.js';
import type { ProbeAnswer, ProbeEndpoint } from './probe-protocol.js';

/** The probe paths below the base path, and the answer each reads. */
export const PROBE_PATHS: ReadonlyMap<string, ProbeEndpoint> = new Map<string, ProbeEndpoint>([
  ['health/liveness', 'liveness'],
  ['health/ping', 'liveness'],
  ['health/readiness', 'readiness'],
  ['health/startup', 'startup'],
]);

/**
 * Whether a probe request needs the router rather than a published answer: readiness and startup
 * with credentials (the authorizer may show them details, when it is asked at all) or marked as
 * another service's dependency check (evaluated from local checks only). Liveness is always terse
 * and whole, and never waits.
 */
export function needsRouter(headers: IncomingHttpHeaders, endpoint: ProbeEndpoint, credentialsAskAuthorizer: boolean): boolean {
  if (endpoint === 'liveness') return false;
  if (headers[DEPENDENCY_CHECK_HEADER] !== undefined) return true;
  return credentialsAskAuthorizer && (headers.authorization !== undefined || headers.cookie !== undefined);
}

/** The body of `answer` for a client in `format`, with details when the allow-list admits it. */
export function answerBody(answer: ProbeAnswer, format: ResponseFormat, detailed: boolean): string {
  const withDetails = detailed && answer.detailedBody !== undefined;
  if (format === 'health') return withDetails ? answer.detailedHealthBody! : answer.healthBody;
  return withDetails ? answer.detailedBody! : answer.body;
}
