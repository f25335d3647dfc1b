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
export { HealthEvents } from './health/health-events.js';
export type { HealthChange, HealthChangeKind } from './health/health-change.js';
export type { HistoryOptions } from './history/history.options.js';
export { OnHealthChange } from './notifications/on-health-change.decorator.js';
export type { OnHealthChangeOptions } from './notifications/on-health-change.decorator.js';
export { HEALTH_CHANGED_EVENT } from './notifications/health-change.explorer.js';
export type { NotificationsOptions, WebhookOptions } from './notifications/notifications.options.js';
export type { WebhookMessage } from './notifications/webhook-message.js';
export { ApplicationAvailability } from './lifecycle/application-availability.js';
export type { AvailabilityChange, LivenessState, ReadinessState, StartupState } from './lifecycle/application-availability.js';
export type { ServiceDependencies, ServiceDependencyOptions } from './dependencies/service-dependency.options.js';
export { InfoContributor } from './info/info-contributor.decorator.js';
export type { InfoSection } from './info/info-contributor.decorator.js';
export type { InfoOptions, InfoSectionFactory } from './info/info.options.js';
export { InfoRegistry } from './info/info.registry.js';
export type { EnvironmentOptions, EnvironmentSectionName } from './environment/environment.options.js';
export type { LoggersOptions } from './loggers/loggers.options.js';
export { nestLogLevels, pinoLogLevels } from './loggers/log-level-control.js';
export type { LogLevelControl, PinoLevelHolder } from './loggers/log-level-control.js';
export type { LoggerLevel } from './loggers/log-levels.js';
export type { LoggerLevels } from './loggers/loggers.service.js';
export type { ShutdownOptions } from './shutdown/shutdown.options.js';
export type { DashboardOptions } from './dashboard/dashboard.options.js';
export { runTerminusIndicator, terminusCheck } from './terminus/terminus-indicator.js';
export type { TerminusIndicatorFunction, TerminusIndicatorResult, TerminusIndicatorStatus } from './terminus/terminus-indicator.js';
export { isManagementRequest } from './http/management-request.js';
export * from './indicators/index.js';
export { ManagementServer } from './http/management-server.js';
export { SpringBootAdminRegistrar } from './spring-boot-admin/spring-boot-admin.registrar.js';
export type { SpringBootAdminOptions } from './spring-boot-admin/spring-boot-admin.options.js';
