/** Injection token of the validated options (`ResolvedManagementOptions`). */
export const MANAGEMENT_OPTIONS = Symbol.for('nestjs-management-endpoints:options');

/** Groups with an endpoint of their own; no check may take these names. */
export const LIVENESS_GROUP = 'liveness';
export const READINESS_GROUP = 'readiness';
export const STARTUP_GROUP = 'startup';
export const BUILT_IN_GROUPS: readonly string[] = [LIVENESS_GROUP, READINESS_GROUP, STARTUP_GROUP, 'ping'];

/** /health/history's path segment, so no check or group may take it (whether or not the history is on). */
export const HISTORY_NAME = 'history';

/**
 * Longest check or group name accepted, in registration and in /health/{name}: Fastify's default
 * route-parameter limit, so a name that registers is reachable on both adapters.
 */
export const MAX_HEALTH_NAME_LENGTH = 100;
