import { Inject, Injectable } from '@nestjs/common';
import { HealthRegistry } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import type { EvaluationScope, HealthAggregate, LatestKnown } from '../health/health.service.js';
import { HealthHistory } from '../history/health-history.js';
import { doorOf } from '../http/management-request.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { dashboardState } from './dashboard-state.js';
import type { DashboardState } from './dashboard-state.js';

const SCOPES: Readonly<Record<string, EvaluationScope>> = {
  application: Object.freeze({ applicationPort: true }),
  management: Object.freeze({}),
};

/**
 * Gathers what the dashboard shows: every check and group evaluated through `HealthService`, as
 * /health and /health/{group} evaluate them (each check's TTL, single-flight, background
 * interval), so however many viewers poll, a check runs at most once per TTL; plus the registry
 * and the status history.
 */
@Injectable()
export class DashboardStateReader {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly health: HealthService,
    private readonly registry: HealthRegistry,
    private readonly history: HealthHistory,
  ) {}

  /** The state for a viewer whose request came in by `request`'s door. */
  async read(request: unknown): Promise<DashboardState> {
    const scope = SCOPES[doorOf(request)]!;
    const names = this.health.groupNames();
    const [overall, ...groupAggregates] = await Promise.all([
      this.health.evaluateAll(scope),
      ...names.map((group) => this.health.evaluateGroup(group, scope)),
    ]);
    const groups = new Map<string, LatestKnown>();
    names.forEach((group, index) => groups.set(group, evaluated(groupAggregates[index]!)));
    const membership = new Map<string, readonly string[]>();
    for (const check of this.registry.all()) membership.set(check.name, [...check.groups]);
    const recording = this.options.history.enabled;
    return dashboardState({
      service: serviceIdentityOf(this.options).serviceId,
      refreshInterval: this.options.dashboard.refreshInterval,
      overall: evaluated(overall!),
      groups,
      membership,
      transitions: recording ? this.history.changes() : undefined,
      executions: recording ? (name) => this.history.executionsOf(name) : undefined,
      historySince: recording ? this.history.coveredSince() : undefined,
      now: new Date(),
    });
  }
}

/** An evaluated aggregate: every check has a result. */
function evaluated(aggregate: HealthAggregate): LatestKnown {
  return { aggregate, pending: [] };
}
