/**
 * The request header that marks a call as another service's dependency check. This module sends
 * it on every service-dependency call; a marked request is answered from local checks only, so
 * services that list each other answer at once and a fleet's fan-out stays one level deep.
 */
export const DEPENDENCY_CHECK_HEADER = 'management-dependency-check';

/** Whether a request (Express, Fastify or `node:http`) carries the mark. */
export function isDependencyCheck(request: unknown): boolean {
  const headers = (request as { headers?: Record<string, unknown> } | undefined)?.headers;
  return headers?.[DEPENDENCY_CHECK_HEADER] !== undefined;
}
