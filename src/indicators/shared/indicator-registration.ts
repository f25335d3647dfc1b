import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthIndicator } from '../../health/health-indicator.interface.js';
import type { HealthCheckRegistration } from '../../health/health-check.options.js';

/**
 * What every `*Check()` function returns: a registration for the `checks` option or
 * `HealthRegistry.register()`, plus the indicator behind it (to stop a process monitor, say).
 */
export type IndicatorRegistration<T extends HealthIndicator> = HealthCheckRegistration & { readonly indicator: T };

/** `{ name, check, ...options }` running `indicator`. */
export function registrationOf<T extends HealthIndicator>(
  name: string,
  indicator: T,
  options: HealthCheckOptions,
): IndicatorRegistration<T> {
  const { groups, timeout, ttl, critical, interval, remote } = options;
  const componentType = options.componentType ?? (indicator as { componentType?: string }).componentType;
  const registration: HealthCheckRegistration = {
    name,
    groups,
    timeout,
    ttl,
    critical,
    interval,
    componentType,
    remote,
    check: (signal) => indicator.check(signal),
  };
  // Not enumerable: it rides along for the caller and is not a registration option.
  return Object.defineProperty(registration, 'indicator', { value: indicator, enumerable: false }) as IndicatorRegistration<T>;
}

/** Milliseconds since `started` (a `performance.now()` reading), whole. */
export function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

/** The message of whatever a driver threw, as short as it is useful. */
export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name;
    return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
  }
  return typeof error === 'string' ? error : String(error);
}
