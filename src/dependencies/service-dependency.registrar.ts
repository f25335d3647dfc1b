import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health.registry.js';
import { MANAGEMENT_OPTIONS, READINESS_GROUP } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ServiceDependencyChecker } from './service-dependency.checker.js';

/**
 * Registers each service dependency as a remote check: /health and /health/{name} call its health
 * URL; readiness, for a dependency opted into it, calls its readiness URL. They run through the
 * same runner as any other check.
 */
@Injectable()
export class ServiceDependencyRegistrar implements OnModuleInit {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly registry: HealthRegistry,
    private readonly checker: ServiceDependencyChecker,
  ) {}

  onModuleInit(): void {
    for (const dependency of this.options.serviceDependencies) {
      const timeout = dependency.timeout ?? this.options.timeout;
      this.registry.register(
        {
          name: dependency.name,
          groups: dependency.groups ?? [],
          componentType: 'component',
          remote: true,
          timeout,
          critical: dependency.critical,
          check: (signal) => this.checker.probe(dependency, dependency.healthUrl, signal, timeout),
          groupChecks: {
            [READINESS_GROUP]: (signal) => this.checker.probe(dependency, dependency.readinessUrl, signal, timeout),
          },
        },
        `service dependency '${dependency.name}'`,
      );
    }
  }
}
