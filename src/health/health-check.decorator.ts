import type { HealthCheckOptions } from './health-check.options.js';

/** Metadata key under which `@HealthCheck` stores its arguments on the class. */
export const HEALTH_CHECK_METADATA = 'nestjs-management-endpoints:health-check';

export interface HealthCheckMetadata {
  name: string;
  options: HealthCheckOptions;
}

/**
 * Marks a provider class as a health check named `name`. The class must implement
 * `HealthIndicator` (a `check()` method) and be a singleton; it is found at bootstrap in any
 * module of the application.
 */
export function HealthCheck(name: string, options: HealthCheckOptions = {}): ClassDecorator {
  return (target) => {
    const metadata: HealthCheckMetadata = { name, options };
    Reflect.defineMetadata(HEALTH_CHECK_METADATA, metadata, target);
  };
}
