import type { HealthStatus } from './health-status.js';

/** What a check may return: nothing or `true` is UP, `false` is DOWN, an object says more. */
export type HealthCheckReturn =
  | void
  | undefined
  | boolean
  | { status?: HealthStatus; details?: Record<string, unknown> };

/**
 * A health check. Implement it on a provider marked `@HealthCheck('name')`, or pass an object
 * with a `check` function to `HealthRegistry.register()`.
 *
 * `signal` is aborted when the check's timeout passes, so a check that starts cancellable work
 * (a fetch, a query with a cancel hook) can stop it instead of leaving it behind.
 */
export interface HealthIndicator {
  check(signal: AbortSignal): HealthCheckReturn | Promise<HealthCheckReturn>;
}
