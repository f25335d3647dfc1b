import { AGGREGATE_NAME, reasonOfResult } from '../health/health-change.js';
import type { HealthChange } from '../health/health-change.js';
import type { HealthStatus } from '../health/health-status.js';
import type { HealthComponent, LatestKnown } from '../health/health.service.js';
import type { ExecutionSample } from '../history/execution-samples.js';
import { uptimeOf } from './uptime.js';
import type { Uptime } from './uptime.js';

/** A component as the dashboard shows it. `status` is null while the check has no result yet. */
export interface DashboardComponent {
  readonly name: string;
  readonly status: HealthStatus | null;
  readonly critical: boolean;
  readonly groups: readonly string[];
  readonly checkedAt: string | null;
  readonly durationMs: number | null;
  /** When its status last changed, as far as the history knows; null when it does not. */
  readonly since: string | null;
  readonly reason: string | null;
  /** Share of time UP over the window the status history covers. */
  readonly uptime: Uptime;
  /** Its latest executions, oldest first, for the latency chart; empty without the history. */
  readonly executions: readonly ExecutionSample[];
}

/** A group as the dashboard shows it, with the status of each of its members. */
export interface DashboardGroup {
  readonly name: string;
  readonly status: HealthStatus;
  readonly since: string | null;
  readonly components: readonly { readonly name: string; readonly status: HealthStatus | null; readonly reason: string | null }[];
}

/** The body of `{basePath}/dashboard/state`: everything the page renders, read from the latest results. */
export interface DashboardState {
  readonly service: string | null;
  readonly status: HealthStatus;
  /** When the overall status last changed, as far as the history knows. */
  readonly since: string | null;
  readonly takenAt: string;
  readonly refreshInterval: number;
  readonly components: readonly DashboardComponent[];
  readonly groups: readonly DashboardGroup[];
  /** Whether status changes are recorded (`history.enabled`); without it there is no timeline. */
  readonly history: boolean;
  /** Newest first, at most `DASHBOARD_TRANSITIONS`. */
  readonly transitions: readonly HealthChange[];
}

/** What the state is made of; every part read without running a check. */
export interface DashboardSources {
  readonly service: string | undefined;
  readonly refreshInterval: number;
  readonly overall: LatestKnown;
  readonly groups: ReadonlyMap<string, LatestKnown>;
  /** Group names of each check, by check name. */
  readonly membership: ReadonlyMap<string, readonly string[]>;
  /** Newest first; undefined when the history is off. */
  readonly transitions: readonly HealthChange[] | undefined;
  /** The latest executions of a check by name, oldest first; undefined when the history is off. */
  readonly executions?: (name: string) => readonly ExecutionSample[];
  /** When the oldest change kept was seen; undefined when the history is off or empty. */
  readonly historySince?: string;
  readonly now: Date;
}

/** Most transitions the page is sent; the history endpoint has them all. */
export const DASHBOARD_TRANSITIONS = 50;

/** Builds the dashboard's state from the latest results: a pure function, so it is tested without HTTP. */
export function dashboardState(sources: DashboardSources): DashboardState {
  const transitions = sources.transitions ?? [];
  const since = lastChanges(transitions);
  const components: DashboardComponent[] = sources.overall.aggregate.components.map((component) => ({
    name: component.name,
    status: component.result.status,
    critical: component.critical !== false,
    groups: sources.membership.get(component.name) ?? [],
    checkedAt: component.result.checkedAt ?? null,
    durationMs: component.result.durationMs ?? null,
    since: since.get(`component:${component.name}`) ?? null,
    reason: reasonOf(component),
    uptime: uptimeOf(component.name, transitions, sources.historySince, component.result.status, sources.now),
    executions: sources.executions?.(component.name) ?? [],
  }));
  for (const name of sources.overall.pending) {
    const groups = sources.membership.get(name) ?? [];
    components.push({ name, status: null, critical: true, groups, checkedAt: null, durationMs: null, since: null, reason: null, uptime: NO_UPTIME, executions: [] });
  }
  const groups: DashboardGroup[] = [...sources.groups].map(([name, known]) => ({
    name,
    status: known.aggregate.status,
    since: since.get(`group:${name}`) ?? null,
    components: [
      ...known.aggregate.components.map((component) => ({ name: component.name, status: component.result.status, reason: reasonOf(component) })),
      ...known.pending.map((pending) => ({ name: pending, status: null, reason: null })),
    ],
  }));
  return {
    service: sources.service ?? null,
    status: sources.overall.aggregate.status,
    since: since.get(`aggregate:${AGGREGATE_NAME}`) ?? null,
    takenAt: sources.now.toISOString(),
    refreshInterval: sources.refreshInterval,
    components: components.sort((left, right) => left.name.localeCompare(right.name)),
    groups,
    history: sources.transitions !== undefined,
    transitions: transitions.slice(0, DASHBOARD_TRANSITIONS),
  };
}

const NO_UPTIME: Uptime = Object.freeze({ share: null, since: null });

/** Why a component is not UP: a check's error, or the application state's reason. */
function reasonOf(component: HealthComponent): string | null {
  return reasonOfResult(component.result) ?? null;
}

/** When each component, group and the aggregate last changed, by `kind:name`. */
function lastChanges(transitions: readonly HealthChange[]): Map<string, string> {
  const since = new Map<string, string>();
  for (const transition of transitions) {
    const key = `${transition.kind}:${transition.name}`;
    if (!since.has(key)) since.set(key, transition.at);
  }
  return since;
}
