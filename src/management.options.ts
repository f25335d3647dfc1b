import { resolveAccessOptions } from './access/access.options.js';
import type { AccessOptions, ResolvedAccessOptions } from './access/access.options.js';
import type { ManagementAuthorization, ShowDetails } from './access/authorization.js';
import type { HealthCheckRegistration } from './health/health-check.options.js';
import { resolveAuthorizer, resolveShowDetails } from './access/authorization.js';
import { DEFAULT_BASE_PATH, resolveBasePath } from './options/base-path.js';
import { resolveAddress, resolvePort } from './options/listen-address.js';
import { resolveTtl } from './options/ttl.js';
import type { CacheTtl } from './options/ttl.js';
import { preferredScheme, resolveServiceDependencies } from './dependencies/service-dependency.options.js';
import type { ResolvedServiceDependency, ServiceDependencies } from './dependencies/service-dependency.options.js';
import { resolveDashboardOptions } from './dashboard/dashboard.options.js';
import type { DashboardOptions, ResolvedDashboardOptions } from './dashboard/dashboard.options.js';
import { resolveEnvironmentOptions } from './environment/environment.options.js';
import type { EnvironmentOptions, ResolvedEnvironmentOptions } from './environment/environment.options.js';
import { anyDiagnostics, DIAGNOSTIC_ENDPOINTS, resolveDiagnosticsOptions } from './diagnostics/diagnostics.options.js';
import type { DiagnosticsOptions, ResolvedDiagnosticsOptions } from './diagnostics/diagnostics.options.js';
import { resolveInfoOptions } from './info/info.options.js';
import { resolveLoggersOptions } from './loggers/loggers.options.js';
import type { LoggersOptions, ResolvedLoggersOptions } from './loggers/loggers.options.js';
import { resolveShutdownOptions } from './shutdown/shutdown.options.js';
import type { ResolvedShutdownOptions, ShutdownOptions } from './shutdown/shutdown.options.js';
import type { InfoOptions, ResolvedInfoOptions } from './info/info.options.js';
import { ManagementConfigurationError, messages } from './messages.js';
import { validateDuration } from './options/duration.js';
import { resolveThreshold } from './options/threshold.js';
import { resolveProbesOptions } from './lifecycle/probes.options.js';
import { resolveStatusHttpMapping } from './health/status-mapping.options.js';
import { resolveHistoryOptions } from './history/history.options.js';
import { resolveNotificationsOptions } from './notifications/notifications.options.js';
import type { NotificationsOptions, ResolvedNotificationsOptions } from './notifications/notifications.options.js';
import type { HistoryOptions, ResolvedHistoryOptions } from './history/history.options.js';
import { resolvePrometheusOptions } from './prometheus/prometheus.options.js';
import type { PrometheusOptions, ResolvedPrometheusOptions } from './prometheus/prometheus.options.js';
import type { StatusHttpMapping } from './health/status-mapping.options.js';
import type { HealthStatus } from './health/health-status.js';
import type { ProbesOptions, ResolvedProbesOptions } from './lifecycle/probes.options.js';
import { resolveSpringBootAdminOptions } from './spring-boot-admin/spring-boot-admin.options.js';
import type { ResolvedSpringBootAdminOptions, SpringBootAdminOptions } from './spring-boot-admin/spring-boot-admin.options.js';
import { resolveGrpcOptions } from './grpc/grpc.options.js';
import type { GrpcOptions, ResolvedGrpcOptions } from './grpc/grpc.options.js';




/** Options of `ManagementModule.forRoot()` and of the factory of `forRootAsync()`. */
export interface ManagementModuleOptions {
  /**
   * Path under which every endpoint is served. Default `'/z'`. With `forRootAsync()` give it next
   * to `useFactory` (it decides routes, which Nest fixes before any factory runs).
   */
  basePath?: string;
  /**
   * Serve the endpoints on their own port instead of the application's (like Spring's
   * `management.server.port`); `0` picks a free one. With `forRootAsync()` give it next to
   * `useFactory`. Default: the application's own server.
   */
  port?: number;
  /** Address the separate management port binds to, e.g. `'127.0.0.1'`. Default `'0.0.0.0'`. */
  address?: string;
  /**
   * Milliseconds a check may run before it is DOWN. Default `500`: half of Kubernetes' default 1 s
   * `timeoutSeconds`, so a probe gets a clean 503 with the reason instead of timing out itself.
   */
  timeout?: number;
  /**
   * Milliseconds a check result is reused: a number for both outcomes or `{ up, down }`.
   * Default `{ up: 27000, down: 9000 }`; `0` turns caching off.
   */
  ttl?: number | { up?: number; down?: number };
  /**
   * Who sees details: `'never'`, `'always'` or `'when-authorized'` (the `authorizer` decides).
   * Default `'when-authorized'`; with no `authorizer` that means nobody. Statuses are always shown.
   */
  showDetails?: ShowDetails;
  /**
   * Decides who is authorized to see details and /environment: a function of the request, or a
   * Nest guard (class or instance) such as your admin guard. Default: none.
   */
  authorizer?: ManagementAuthorization;
  /** IP allow-list and proxy trust for the management endpoints. Default: no restriction. */
  access?: AccessOptions;
  /**
   * Keep probe traffic out of the module's own log (failures of the authorizer, of /version or of
   * /info contributors are not logged). Health changes are still logged. Default `false`.
   */
  noLog?: boolean;
  /**
   * What /version answers: a string or a (possibly async) function. Default: the `VERSION`
   * environment variable, else `'unknown'`.
   */
  version?: string | (() => string | Promise<string>);
  /** Checks to register besides decorated providers. Default none. */
  checks?: readonly HealthCheckRegistration[];
  /**
   * Other services whose management endpoints this one depends on, checked over HTTP:
   * `{ users_api: 'https://user-service:9922/admin', widget_api: 'widget-service:8080' }`.
   * Default none. See the README for how each form is called.
   */
  serviceDependencies?: ServiceDependencies;
  /**
   * Milliseconds shutdown waits, after readiness turns OUT_OF_SERVICE and before the server stops
   * accepting requests, so that load balancers and Kubernetes endpoints stop routing here first.
   * Default `5000` when running in Kubernetes (`KUBERNETES_SERVICE_HOST` is set), else `0`.
   */
  drainDelay?: number;
  /**
   * Run every check on this interval (milliseconds) in the background, so that requests only read
   * the latest result; a check's own `interval` overrides it. Default: none, checks run when asked
   * (and are cached for `ttl`).
   */
  interval?: number;
  /**
   * Failed executions (not UP) in a row before an UP check is reported failing; a check's own
   * `failureThreshold` overrides it. Default `1`: at once, as without thresholds. A check's first
   * result is always reported as is.
   */
  failureThreshold?: number;
  /**
   * UP executions in a row before a failing check is reported UP again; a check's own
   * `successThreshold` overrides it. Default `1`: at once.
   */
  successThreshold?: number;
  /** How Kubernetes probes are answered on the management `port`: the probe worker, stall limit, load shedding. */
  probes?: ProbesOptions;
  /**
   * `grpc.health.v1.Health` on a port of its own, answered by the probe worker thread:
   * `{ port: 50051 }` (needs `@grpc/grpc-js` and the management `port`). Default: none. To serve it
   * on the application's own gRPC microservice, use `GrpcHealth` (see docs/grpc.md).
   */
  grpc?: GrpcOptions;
  /**
   * The HTTP status code each health status answers with, like Spring's `status.http-mapping`:
   * e.g. `{ DOWN: 500 }`. Statuses left out keep their default: UP 200, DOWN, OUT_OF_SERVICE and
   * UNKNOWN 503. It applies to /health, every group and probe, and /health/{name}.
   */
  statusHttpMapping?: Partial<Record<HealthStatus, number>>;
  /** What /info shows beyond the defaults. */
  info?: InfoOptions;
  /** /environment: off unless `enabled`; shown only to requests allowed to see details. */
  environment?: EnvironmentOptions;
  /**
   * Diagnostic endpoints (/heapdump, /profile, /report, /mappings, /beans, /scheduledtasks,
   * /configprops, /startup), each off unless set to `true`; they need an `authorizer`.
   */
  diagnostics?: DiagnosticsOptions;
  /**
   * Health as Prometheus metrics (needs `prom-client`): off unless `enabled`; /prometheus is
   * shown only to requests allowed to see details.
   */
  prometheus?: PrometheusOptions;
  /**
   * Register with a Spring Boot Admin server, as its Java client does:
   * `{ url: 'http://admin-server:8080' }`. Default: off. See the README for every key.
   */
  springBootAdmin?: SpringBootAdminOptions;
  /** /loggers: off unless `enabled`; GET needs details access, POST an authorized request. */
  loggers?: LoggersOptions;
  /** POST /shutdown: off unless `enabled`; for authorized requests only. */
  shutdown?: ShutdownOptions;
  /**
   * `{basePath}/dashboard`, a live HTML view of every check: off unless `enabled`; shown only to
   * requests allowed to see details. Its state is evaluated as /health is (each check's TTL,
   * single-flight). Enabling it enables `history` too, unless `history.enabled` is false.
   */
  dashboard?: DashboardOptions;
  /**
   * The status history at /health/history: off unless `enabled`; `capacity` changes kept
   * (default 500); shown only to requests allowed to see details.
   */
  history?: HistoryOptions;
  /**
   * Where status changes go besides `@OnHealthChange()` methods, `HealthEvents.changes` and
   * EventEmitter2: `{ webhook: { url } }` POSTs each change as JSON (Slack-compatible `text`).
   * Default: no webhook.
   */
  notifications?: NotificationsOptions;
}


/** Options after defaults and validation; what the module's providers receive. */
export interface ResolvedManagementOptions {
  basePath: string;
  port: number | undefined;
  address: string | undefined;
  timeout: number;
  ttl: CacheTtl;
  showDetails: ShowDetails;
  authorizer: ManagementAuthorization | undefined;
  access: ResolvedAccessOptions;
  noLog: boolean;
  version: string | (() => string | Promise<string>) | undefined;
  checks: readonly HealthCheckRegistration[];
  serviceDependencies: readonly ResolvedServiceDependency[];
  drainDelay: number;
  interval: number | undefined;
  failureThreshold: number;
  successThreshold: number;
  probes: ResolvedProbesOptions;
  grpc: ResolvedGrpcOptions | undefined;
  statusHttpMapping: StatusHttpMapping;
  info: ResolvedInfoOptions;
  environment: ResolvedEnvironmentOptions;
  diagnostics: ResolvedDiagnosticsOptions;
  prometheus: ResolvedPrometheusOptions;
  springBootAdmin: ResolvedSpringBootAdminOptions | undefined;
  loggers: ResolvedLoggersOptions;
  shutdown: ResolvedShutdownOptions;
  dashboard: ResolvedDashboardOptions;
  history: ResolvedHistoryOptions;
  notifications: ResolvedNotificationsOptions;
}

export const MANAGEMENT_DEFAULTS = {
  basePath: DEFAULT_BASE_PATH,
  timeout: 500,
  ttl: { up: 27_000, down: 9_000 },
  showDetails: 'when-authorized',
  failureThreshold: 1,
  successThreshold: 1,
} as const;

const KNOWN_OPTIONS = [
  'basePath',
  'port',
  'address',
  'timeout',
  'ttl',
  'showDetails',
  'authorizer',
  'access',
  'noLog',
  'version',
  'checks',
  'serviceDependencies',
  'drainDelay',
  'interval',
  'failureThreshold',
  'successThreshold',
  'probes',
  'grpc',
  'statusHttpMapping',
  'info',
  'environment',
  'diagnostics',
  'prometheus',
  'springBootAdmin',
  'loggers',
  'shutdown',
  'dashboard',
  'history',
  'notifications',
];

/** 5 s under Kubernetes (endpoint removal takes a few seconds to reach every proxy), else none. */
function defaultDrainDelay(): number {
  return process.env.KUBERNETES_SERVICE_HOST ? 5_000 : 0;
}



/**
 * The dashboard shows the status history, so enabling it enables the history too, unless
 * `history.enabled` is set to false (the page then has no timeline).
 */
function historyFor(history: ResolvedHistoryOptions, raw: unknown, dashboard: ResolvedDashboardOptions): ResolvedHistoryOptions {
  const explicit = (raw as { enabled?: unknown } | undefined)?.enabled;
  return dashboard.enabled && !history.enabled && explicit === undefined ? { ...history, enabled: true } : history;
}


/** Applies defaults to the options and validates them once, at start-up. */
export function resolveManagementOptions(options: unknown = {}): ResolvedManagementOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ManagementConfigurationError(messages.optionsNotObject(options));
  }
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.includes(key)) throw new ManagementConfigurationError(messages.unknownOption(key, KNOWN_OPTIONS));
  }
  if (raw.noLog !== undefined && typeof raw.noLog !== 'boolean') {
    throw new ManagementConfigurationError(messages.invalidBoolean('noLog'));
  }
  if (raw.version !== undefined && typeof raw.version !== 'string' && typeof raw.version !== 'function') {
    throw new ManagementConfigurationError(messages.invalidVersion(raw.version));
  }
  if (raw.checks !== undefined && !Array.isArray(raw.checks)) {
    throw new ManagementConfigurationError(messages.invalidChecks(raw.checks));
  }
  const timeout =
    raw.timeout === undefined ? MANAGEMENT_DEFAULTS.timeout : validateDuration("ManagementModule option 'timeout'", raw.timeout, false);
  const basePath = resolveBasePath(raw.basePath);
  const dashboard = resolveDashboardOptions(raw.dashboard);
  const port = resolvePort(raw.port);
  const address = resolveAddress(raw.address);
  const probes = resolveProbesOptions(raw.probes, raw.port as number | undefined);
  return {
    basePath,
    port,
    address,
    timeout,
    ttl: resolveTtl("ManagementModule option 'ttl'", raw.ttl, { ...MANAGEMENT_DEFAULTS.ttl }),
    showDetails: resolveShowDetails(raw.showDetails),
    authorizer: resolveAuthorizer(raw.authorizer),
    access: resolveAccessOptions(raw.access),
    noLog: raw.noLog ?? false,
    version: raw.version as ResolvedManagementOptions['version'],
    checks: (raw.checks as HealthCheckRegistration[] | undefined) ?? [],
    serviceDependencies: resolveServiceDependencies(raw.serviceDependencies, basePath, preferredScheme()),
    drainDelay:
      raw.drainDelay === undefined
        ? defaultDrainDelay()
        : validateDuration("ManagementModule option 'drainDelay'", raw.drainDelay, true),
    interval: raw.interval === undefined ? undefined : validateDuration("ManagementModule option 'interval'", raw.interval, false),
    failureThreshold: resolveThreshold('failureThreshold', raw.failureThreshold, MANAGEMENT_DEFAULTS.failureThreshold),
    successThreshold: resolveThreshold('successThreshold', raw.successThreshold, MANAGEMENT_DEFAULTS.successThreshold),
    probes,
    grpc: resolveGrpcOptions(raw.grpc, { port, address, worker: probes.worker }),
    statusHttpMapping: resolveStatusHttpMapping(raw.statusHttpMapping),
    info: resolveInfoOptions(raw.info),
    environment: resolveEnvironmentOptions(raw.environment),
    diagnostics: resolveDiagnostics(raw.diagnostics, raw.authorizer),
    prometheus: resolvePrometheusOptions(raw.prometheus),
    springBootAdmin: resolveSpringBootAdminOptions(raw.springBootAdmin),
    loggers: resolveLoggersOptions(raw.loggers),
    shutdown: resolveShutdownOptions(raw.shutdown),
    dashboard,
    history: historyFor(resolveHistoryOptions(raw.history), raw.history, dashboard),
    notifications: resolveNotificationsOptions(raw.notifications),
  };
}

/** The diagnostic endpoints, which stop start-up when any is on without an authorizer to decide who may ask. */
function resolveDiagnostics(value: unknown, authorizer: unknown): ResolvedDiagnosticsOptions {
  const diagnostics = resolveDiagnosticsOptions(value);
  if (anyDiagnostics(diagnostics) && authorizer === undefined) {
    throw new ManagementConfigurationError(messages.diagnosticsWithoutAuthorizer(DIAGNOSTIC_ENDPOINTS.filter((name) => diagnostics[name])));
  }
  return diagnostics;
}
