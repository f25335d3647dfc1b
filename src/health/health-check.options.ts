/** Options of one check, given to `@HealthCheck(name, options)` or `HealthRegistry.register()`. */
export interface HealthCheckOptions {
  /**
   * Groups this check belongs to. `readiness` feeds /health/readiness, `liveness` feeds
   * /health/liveness and /health/ping, `startup` feeds /health/startup; any other name makes a
   * custom group served at /health/{group}. Every check is part of /health. Default `['readiness']`.
   */
  groups?: readonly string[];
  /** Milliseconds before a running check counts as DOWN. Default: the module's `timeout` (500). */
  timeout?: number;
  /**
   * Milliseconds a result is reused. A number applies to both outcomes; `{ up, down }` sets each.
   * `0` turns caching off (concurrent requests still share one execution). Default: the module's `ttl`.
   */
  ttl?: number | { up?: number; down?: number };
  /**
   * Whether this check's failure fails the aggregate. A non-critical check shows its own status but
   * does not turn its groups DOWN. Default `true`.
   */
  critical?: boolean;
  /**
   * Run this check in the background every `interval` milliseconds, so that requests only read its
   * latest result (never older than about one interval plus its run time). Default: the module's
   * `interval`, none unless set: the check runs when asked.
   */
  interval?: number;
}
