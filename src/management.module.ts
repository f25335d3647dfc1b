import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessPolicy } from './access/access-policy.js';
import { ServiceDependencyChecker } from './dependencies/service-dependency.checker.js';
import { ServiceDependencyRegistrar } from './dependencies/service-dependency.registrar.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardStateReader } from './dashboard/dashboard-state.reader.js';
import { FleetReader } from './dashboard/fleet/fleet.reader.js';
import { EnvironmentController } from './environment/environment.controller.js';
import { EnvironmentService } from './environment/environment.service.js';
import { CheckRunner } from './health/check-runner.js';
import { HealthCheckExplorer } from './health/health-check.explorer.js';
import { HealthController } from './health/health.controller.js';
import { HealthRegistry } from './health/health.registry.js';
import { HealthService } from './health/health.service.js';
import { HealthEvents } from './health/health-events.js';
import { HealthHistory } from './history/health-history.js';
import { HistoryController } from './history/history.controller.js';
import { HealthChangeExplorer } from './notifications/health-change.explorer.js';
import { WebhookNotifier } from './notifications/webhook-notifier.js';
import { StatusChangeLogger } from './health/status-change.logger.js';
import { rememberBasePath } from './http/management-request.js';
import { EndpointGates } from './http/endpoint-gates.js';
import { ManagementResponder } from './http/management-responder.js';
import { ManagementServer } from './http/management-server.js';
import { FrontDoor } from './http/front-door.js';
import { ManagementRouter } from './http/management-router.js';
import { ProbePublisher } from './http/probe-publisher.js';
import { GrpcHealth } from './grpc/grpc-health.js';
import { GrpcWorkerPublisher } from './grpc/grpc-worker-publisher.js';
import { ServingWatch } from './lifecycle/serving.js';
import { InfoContributorExplorer } from './info/info-contributor.explorer.js';
import { InfoController } from './info/info.controller.js';
import { InfoRegistry } from './info/info.registry.js';
import { InfoService } from './info/info.service.js';
import { LoggersController } from './loggers/loggers.controller.js';
import { LoggersService } from './loggers/loggers.service.js';
import { HeapSnapshotController } from './process-inspection/heap-snapshot.controller.js';
import { HeapSnapshotService } from './process-inspection/heap-snapshot.service.js';
import { MemoryHeadroom } from './process-inspection/memory-headroom.js';
import { DiagnosticReportService } from './process-inspection/diagnostic-report.service.js';
import { ProfileController } from './process-inspection/profile.controller.js';
import { ProfileRecorder } from './process-inspection/profile-recorder.service.js';
import { ReportController } from './process-inspection/report.controller.js';
import { ApplicationStructureController } from './application-structure/application-structure.controller.js';
import { BeanGraph } from './application-structure/bean-graph.js';
import { ConfigurationProperties } from './application-structure/configuration-properties.js';
import { RouteMappings } from './application-structure/route-mappings.js';
import { ScheduledTasks } from './application-structure/scheduled-tasks.js';
import { declaredAtProvider, StartupTimeline } from './application-structure/startup-timeline.js';
import { ApplicationShutdown } from './shutdown/application-shutdown.js';
import { ShutdownController } from './shutdown/shutdown.controller.js';
import { ApplicationAvailability } from './lifecycle/application-availability.js';
import { EventLoopWatch } from './lifecycle/event-loop-watch.js';
import { ShutdownDrain } from './lifecycle/shutdown-drain.js';
import { MANAGEMENT_OPTIONS } from './management.constants.js';
import { MANAGEMENT_DEFAULTS, resolveManagementOptions } from './management.options.js';
import { resolveBasePath } from './options/base-path.js';
import type { ManagementModuleOptions } from './management.options.js';
import { ManagementConfigurationError } from './messages.js';
import { LinksController } from './links/links.controller.js';
import { HealthMetrics } from './prometheus/health-metrics.js';
import { PrometheusController } from './prometheus/prometheus.controller.js';
import { VersionController } from './version/version.controller.js';
import { SpringBootAdminClient } from './spring-boot-admin/spring-boot-admin.client.js';
import { SpringBootAdminRegistrar } from './spring-boot-admin/spring-boot-admin.registrar.js';

/** Options that shape routes and servers, so they are known before any async factory runs. */
interface ManagementModuleExtras {
  basePath?: string;
  port?: number;
  address?: string;
}

const EXTRA_KEYS = ['basePath', 'port', 'address'] as const;

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<ManagementModuleOptions>({ moduleName: 'Management' })
    .setClassMethodName('forRoot')
    .setExtras<ManagementModuleExtras>({ basePath: MANAGEMENT_DEFAULTS.basePath, port: undefined, address: undefined }, mount)
    .build();

/** The endpoints, served by the module's own router on every door (never mapped by Nest's). */
const CONTROLLERS: readonly Type[] = [
  LinksController,
  HistoryController,
  HealthController,
  InfoController,
  VersionController,
  EnvironmentController,
  PrometheusController,
  LoggersController,
  ShutdownController,
  DashboardController,
  HeapSnapshotController,
  ProfileController,
  ReportController,
  ApplicationStructureController,
];

/**
 * Adds management endpoints (health, liveness, readiness, startup, info, version, environment)
 * under `basePath`.
 * Import it once, in the root module: `ManagementModule.forRoot({ ... })` or
 * `ManagementModule.forRootAsync({ basePath, imports, useFactory, inject })`. Its services
 * (`HealthRegistry`, `HealthService`, `InfoRegistry`, `ApplicationAvailability`) are injectable everywhere.
 */
@Module({})
export class ManagementModule extends ConfigurableModuleClass {
  static override forRoot(options: typeof OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }
}

function mount(definition: DynamicModule, extras: ManagementModuleExtras): DynamicModule {
  const resolvedExtras = resolveExtras(extras);
  rememberBasePath(resolvedExtras.basePath);
  return {
    ...definition,
    global: true,
    imports: [...(definition.imports ?? []), DiscoveryModule],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: MANAGEMENT_OPTIONS,
        useFactory: (options: ManagementModuleOptions | undefined) => resolveManagementOptions(withExtras(options, resolvedExtras)),
        inject: [MODULE_OPTIONS_TOKEN],
      },
      ...CONTROLLERS,
      {
        provide: ManagementRouter,
        useFactory: (responder: ManagementResponder, ...instances: object[]) =>
          new ManagementRouter(CONTROLLERS.map((type, index) => ({ type, instance: instances[index]! })), responder),
        inject: [ManagementResponder, ...CONTROLLERS],
      },
      ProbePublisher,
      GrpcHealth,
      GrpcWorkerPublisher,
      FrontDoor,
      ServingWatch,
      ManagementServer,
      ApplicationAvailability,
      EventLoopWatch,
      ShutdownDrain,
      CheckRunner,
      StatusChangeLogger,
      AccessPolicy,
      HealthCheckExplorer,
      HealthRegistry,
      HealthService,
      HealthEvents,
      HealthHistory,
      HealthChangeExplorer,
      WebhookNotifier,
      ServiceDependencyChecker,
      ServiceDependencyRegistrar,
      InfoRegistry,
      InfoContributorExplorer,
      InfoService,
      EnvironmentService,
      LoggersService,
      ApplicationShutdown,
      ManagementResponder,
      EndpointGates,
      HealthMetrics,
      SpringBootAdminClient,
      SpringBootAdminRegistrar,
      DashboardStateReader,
      MemoryHeadroom,
      HeapSnapshotService,
      ProfileRecorder,
      DiagnosticReportService,
      RouteMappings,
      BeanGraph,
      ScheduledTasks,
      ConfigurationProperties,
      StartupTimeline,
      declaredAtProvider(),
      FleetReader,
    ],
    exports: [ApplicationAvailability, GrpcHealth, HealthEvents, HealthRegistry, HealthService, InfoRegistry, ManagementServer, MANAGEMENT_OPTIONS],
  };
}

/** Validates the route-shaping options as soon as forRoot()/forRootAsync() is called. */
function resolveExtras(extras: ManagementModuleExtras): Required<Pick<ManagementModuleExtras, 'basePath'>> & ManagementModuleExtras {
  const { port, address } = resolveManagementOptions({ basePath: extras.basePath, port: extras.port, address: extras.address });
  return { basePath: resolveBasePath(extras.basePath), port, address };
}

function withExtras(options: ManagementModuleOptions | undefined, extras: ManagementModuleExtras): ManagementModuleOptions {
  for (const key of EXTRA_KEYS) {
    if (options?.[key] !== undefined && options[key] !== extras[key]) {
      throw new ManagementConfigurationError(
        `ManagementModule option '${key}' came from the forRootAsync() factory, but routes and servers are fixed ` +
          `before factories run; pass it next to useFactory: forRootAsync({ ${key}: ..., useFactory, inject }).`,
      );
    }
  }
  return { ...options, ...extras };
}
