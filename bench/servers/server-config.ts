/** Which Nest application a bench server child runs; passed to it as JSON in argv[2]. */
export interface ServerConfig {
  adapter: 'express' | 'fastify';
  contender: Contender;
  setup: Setup;
}

/**
 * `bare`: a plain Nest route returning the same JSON (the baseline); `module`: this library;
 * `terminus`: @nestjs/terminus doing the same job; `terminus-cached`: terminus with `.cacheFor()`.
 */
export type Contender = 'bare' | 'module' | 'terminus' | 'terminus-cached';

/**
 * The checks behind readiness. `five`: five instant checks, cached; `storm`: one dependency whose
 * check takes 50 ms; `hung`: one check that never settles (uncached); `healthy`: the same check
 * settling at once, as the control for `hung`.
 */
export type Setup = 'five' | 'storm' | 'hung' | 'healthy';

/** Messages between the bench and a server child over the IPC channel. */
export type ServerRequest = { id: number; command: 'executions' | 'heap' };
export type ServerReply = { id: number; value: number };

/** Timeout given to checks in the `hung` and `healthy` setups, in milliseconds. */
export const CHECK_TIMEOUT = 300;
/** How long the storm's dependency check takes, in milliseconds. */
export const DEPENDENCY_LATENCY = 50;
/** Every contender serves these paths, so the load generator hits identical URLs. */
export const LIVENESS_PATH = '/z/health/liveness';
export const READINESS_PATH = '/z/health/readiness';
