import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CheckRunner } from '../health/check-runner.js';
import type { ResultKind } from '../health/check-runner.js';
import type { CheckResult } from '../health/check-result.js';
import { HealthRegistry } from '../health/health.registry.js';
import type { RegisteredCheck } from '../health/health.registry.js';
import { HealthService } from '../health/health.service.js';
import { HEALTH_STATUSES } from '../health/health-status.js';
import type { HealthStatus } from '../health/health-status.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import type { MetricsRegistry } from './prometheus.options.js';

type PromClient = typeof import('prom-client');

const METRIC_NAMES = [
  'health_status',
  'health_group_status',
  'health_component_status',
  'health_check_duration_seconds',
  'health_check_executions_total',
  'health_check_failures_total',
  'health_check_timeouts_total',
] as const;
type Labels = Record<string, string>;

/** What a gauge needs to be filled at scrape time. */
interface GaugeLike {
  reset(): void;
  set(labels: Labels, value: number): void;
}

/**
 * Health as Prometheus metrics, through prom-client, in the application's registry (or the
 * default one). Statuses are one-hot gauges read from the latest results when Prometheus scrapes,
 * so a scrape never runs a check and a probe does no metrics work; durations, executions,
 * failures and timeouts are recorded once per execution, from the runner's results.
 *
 * - `health_status{status}`: the aggregate of /health, and
 * - `health_group_status{group,status}`: each group (liveness, readiness, startup, custom), as
 *   `HealthService.latestKnown()` states them while some checks have no result;
 * - `health_component_status{component,critical,status}`: each check, `critical` `"true"` when its
 *   failure fails the aggregate (what alerts on a component select), `"false"` otherwise;
 * - `health_check_duration_seconds{component}` (histogram), `health_check_executions_total`,
 *   `health_check_failures_total` (not UP) and `health_check_timeouts_total`, by `component`.
 *
 * Each status gauge has one series per status, 1 for the current one and 0 for the others
 * (UNKNOWN is 1 before a check's first result). A check's series leave the registry when the
 * check is removed.
 */
@Injectable()
export class HealthMetrics implements OnModuleInit, OnModuleDestroy {
  private registry?: MetricsRegistry;
  private readonly names: string[] = [];
  private stopListening?: () => void;
  private stopRemovals?: () => void;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly health: HealthService,
    private readonly checks: HealthRegistry,
    private readonly runner: CheckRunner,
  ) {}

  /** The registry the metrics are in; undefined unless `prometheus.enabled`. */
  get metricsRegistry(): MetricsRegistry | undefined {
    return this.registry;
  }

  async onModuleInit(): Promise<void> {
    const { enabled, registry, prefix } = this.options.prometheus;
    if (!enabled) return;
    const client = await loadPromClient();
    this.registry = registry ?? (client.register as unknown as MetricsRegistry);
    const registers = [this.registry as unknown as import('prom-client').Registry];
    // Every name checked before any is added, so a refused start-up leaves the registry as it was.
    const taken = METRIC_NAMES.map((name) => `${prefix}${name}`).find((name) => this.registry!.getSingleMetric(name) !== undefined);
    if (taken !== undefined) throw new ManagementConfigurationError(messages.metricAlreadyRegistered(taken));
    const define = <T>(name: (typeof METRIC_NAMES)[number], create: (name: string) => T): T => {
      const full = `${prefix}${name}`;
      const metric = create(full);
      this.names.push(full);
      return metric;
    };
    const statusGauge = (name: (typeof METRIC_NAMES)[number], help: string, labelNames: string[], fill: (gauge: GaugeLike) => void) =>
      define(name, (full) => new client.Gauge({ name: full, help, labelNames: [...labelNames, 'status'], registers, collect() { fill(this); } }));

    statusGauge('health_status', 'Aggregate health of the application (/health): 1 for the current status, 0 for the others.', [], (gauge) =>
      setOneHot(gauge, {}, this.health.latestKnown().aggregate.status),
    );
    statusGauge('health_group_status', 'Health of each group (liveness, readiness, startup, custom groups): 1 for the current status.', ['group'], (gauge) => {
      gauge.reset();
      for (const group of this.health.groupNames()) setOneHot(gauge, { group }, this.health.latestKnown(group).aggregate.status, false);
    });
    statusGauge('health_component_status', 'Health of each check: 1 for its latest status, 0 for the others.', ['component', 'critical'], (gauge) => {
      gauge.reset();
      for (const check of this.checks.all()) setOneHot(gauge, { component: check.name, critical: String(check.critical) }, this.runner.latest(check)?.status, false);
    });
    const labelNames = ['component'];
    const duration = define('health_check_duration_seconds', (name) => new client.Histogram({ name, help: 'How long each check execution took.', labelNames, registers }));
    const executions = define('health_check_executions_total', (name) => new client.Counter({ name, help: 'Check executions.', labelNames, registers }));
    const failures = define('health_check_failures_total', (name) => new client.Counter({ name, help: 'Check executions that were not UP.', labelNames, registers }));
    const timeouts = define('health_check_timeouts_total', (name) => new client.Counter({ name, help: 'Check executions that outlived their timeout.', labelNames, registers }));

    this.stopListening = this.runner.onResult((check: RegisteredCheck, _group, _reported, kind: ResultKind, execution: CheckResult) => {
      if (kind === 'still-running') return;
      const labels = { component: check.name };
      executions.inc(labels);
      duration.observe(labels, execution.durationMs / 1_000);
      if (execution.status !== 'UP') failures.inc(labels);
      if (kind === 'timed-out') timeouts.inc(labels);
    });
    // A removed check's series end with it; a check added later under its name starts from zero.
    this.stopRemovals = this.checks.onRemove((check) => {
      const labels = { component: check.name };
      for (const metric of [duration, executions, failures, timeouts]) metric.remove(labels);
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    this.stopRemovals?.();
    for (const name of this.names) this.registry?.removeSingleMetric(name);
    this.names.length = 0;
  }
}

/** Sets one series per status: 1 for `current` (UNKNOWN when there is none yet), 0 for the others. */
function setOneHot(gauge: GaugeLike, labels: Labels, current: HealthStatus | undefined, reset = true): void {
  if (reset) gauge.reset();
  for (const status of HEALTH_STATUSES) gauge.set({ ...labels, status }, status === (current ?? 'UNKNOWN') ? 1 : 0);
}

async function loadPromClient(): Promise<PromClient> {
  try {
    const module = (await import('prom-client')) as PromClient & { default?: PromClient };
    return module.Gauge ? module : module.default!;
  } catch {
    throw new ManagementConfigurationError(messages.promClientMissing());
  }
}
