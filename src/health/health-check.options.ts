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
  /**
   * What the check looks at, as the health+json format names it: `'datastore'`, `'system'`,
   * `'component'` or your own word. Default `'component'` (ready-made indicators set their own).
   */
  componentType?: string;
  /**
   * Whether the check calls another service that may itself check its dependencies. A request
   * marked as another service's dependency check does not run remote checks, so that services
   * listing each other answer at once instead of waiting on each other. Default `false`
   * (service dependencies are remote).
   */
  remote?: boolean;
  /**
   * Failed executions (not UP) in a row before this check, while UP, is reported failing, so a
   * single blip does not fail a probe. Default: the module's `failureThreshold` (1: at once).
   */
  failureThreshold?: number;
  /**
   * UP executions in a row before this check, while failing, is reported UP again. Default: the
   * module's `successThreshold` (1: at once).
   */
  successThreshold?: number;
}
