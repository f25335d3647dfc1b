export { ManagementModule } from './management.module.js';
export { MANAGEMENT_DEFAULTS } from './management.options.js';
export type {
  HealthCheckRegistration,
  ManagementAuthorizer,
  ManagementModuleOptions,
  ShowDetails,
} from './management.options.js';
export { ManagementConfigurationError } from './messages.js';
export { HealthCheck } from './health/health-check.decorator.js';
export type { HealthCheckOptions } from './health/health-check.options.js';
export type { HealthCheckReturn, HealthIndicator } from './health/health-indicator.interface.js';
export { HealthError } from './health/health-error.js';
export type { HealthStatus } from './health/health-status.js';
export type { CheckResult } from './health/check-result.js';
export { HealthRegistry } from './health/health.registry.js';
export type { RegisteredCheck } from './health/health.registry.js';
export { HealthService } from './health/health.service.js';
export type { ComponentResult, HealthAggregate, HealthComponent } from './health/health.service.js';
export { ApplicationAvailability } from './lifecycle/application-availability.js';
export type { ReadinessState, StartupState } from './lifecycle/application-availability.js';
