/** Which Nest application a bench server child runs; passed to it as JSON in argv[2]. */
export interface ServerConfig {
  adapter: 'express' | 'fastify';
  contender: Contender;
  setup: Setup;
}

/**
 * `bare`: a plain Nest route returning the same JSON (the baseline); `module`: this library;
 * `module-metrics`: the same with its Prometheus metrics on; `terminus`: @nestjs/terminus doing
 * the same job; `terminus-cached`: terminus with `.cacheFor()`. `raw`: a plain `node:http` server
 * writing the module's probe answers byte for byte, no Nest at all; `worker`: this library with a
 * management port served by the probe worker (its probes go there). `app`: an application route
 * of its own (`APP_PATH`) and nothing else; `app-module`: the same app with this library imported;
 * `app-diagnostics`: the same with /profile and /heapdump on (`DIAGNOSTICS_TOKEN` in `x-token`).
 * `module-dashboard`: this library with its dashboard enabled (details shown to everyone).
 */
export type Contender =
  | 'bare' | 'module' | 'module-metrics' | 'module-dashboard' | 'terminus' | 'terminus-cached' | 'raw' | 'worker' | 'app' | 'app-module' | 'app-diagnostics';

/** What the `app-diagnostics` contender's authorizer wants in the `x-token` header. */
export const DIAGNOSTICS_TOKEN = 'bench-token';

/**
 * The checks behind readiness. `five`: five instant checks, cached; `two`: two of them; `storm`:
 * one dependency whose check takes 50 ms; `hung`: one check that never settles (uncached);
 * `healthy`: the same check settling at once, as the control for `hung`.
 */
export type Setup = 'five' | 'two' | 'storm' | 'hung' | 'healthy';

/**
 * The apps of the saturation scenario, each with a `GET /work` route that burns CPU. `baseline`:
 * that route alone; `worker`: this module on a management port answered from a worker thread;
 * `in-process`: the same port served on the main thread; `terminus`: @nestjs/terminus on the
 * application's own port; `worker-grpc`: `worker` with the worker's gRPC health port as well.
 */
export type SaturationContender = 'baseline' | 'worker' | 'in-process' | 'terminus' | 'worker-grpc';

/** Which saturation app a child runs; passed to it as JSON in argv[2]. */
export interface SaturationConfig {
  adapter: ServerConfig['adapter'];
  contender: SaturationContender;
  /** Iterations of `burn()` per request to /work, measured once by the bench so every app does the same work. */
  workIterations: number;
}

/**
 * What a child says first: the application's port and the URL its probes go to (the management
 * port, or the application's own), or why it did not start.
 */
export type ServerHello = { port: number; probeUrl?: string; grpcAddress?: string } | { error: string };

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
/** The application's own route in the `app` and `app-module` contenders: outside the module's base path. */
export const APP_PATH = '/app/status';
/** The saturation apps' own route, which burns CPU. */
export const WORK_PATH = '/work';
