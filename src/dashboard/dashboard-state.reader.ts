import { Inject, Injectable } from '@nestjs/common';
import { HealthRegistry } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import type { LatestKnown } from '../health/health.service.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { dashboardState } from './dashboard-state.js';
import type { DashboardState } from './dashboard-state.js';
import { HealthHistory } from '../history/health-history.js';

/**
 * Gathers what the dashboard shows from the latest results, the registry and the status
 * history. It only reads: a viewer polling the page never makes a check run.
 */
@Injectable()
export class DashboardStateReader {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly health: HealthService,
    private readonly registry: HealthRegistry,
    private readonly history: HealthHistory,
  ) {}

  read(): DashboardState {
    const groups = new Map<string, LatestKnown>();
    for (const group of this.health.groupNames()) groups.set(group, this.health.latestKnown(group));
    const membership = new Map<string, readonly string[]>();
    for (const check of this.registry.all()) membership.set(check.name, [...check.groups]);
    return dashboardState({
      service: serviceIdentityOf(this.options).serviceId,
      refreshInterval: this.options.dashboard.refreshInterval,
      overall: this.health.latestKnown(),
      groups,
      membership,
      transitions: this.options.history.enabled ? this.history.changes() : undefined,
      now: new Date(),
    });
  }
}
