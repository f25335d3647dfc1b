import type { HealthStatus } from '../health/health-status.js';
import type { HealthComponent, LatestKnown } from '../health/health.service.js';

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
}

/** A group as the dashboard shows it, with the status of each of its members. */
export interface DashboardGroup {
  readonly name: string;
  readonly status: HealthStatus;
  readonly since: string | null;
  readonly components: readonly { readonly name: string; readonly status: HealthStatus | null; readonly reason: string | null }[];
}

/** A status change, as the history endpoint lists it. */
export interface DashboardTransition {
  readonly kind: string;
  readonly name: string;
  readonly from: HealthStatus | null;
  readonly to: HealthStatus;
  readonly at: string;
  readonly previousDurationMs: number | null;
  readonly reason?: string;
}

/** The body of `{basePath}/dashboard/state`: everything the page renders, read from the latest results. */
export interface DashboardState {
  readonly service: string | null;
  readonly status: HealthStatus;
  readonly takenAt: string;
  readonly refreshInterval: number;
  readonly components: readonly DashboardComponent[];
  readonly groups: readonly DashboardGroup[];
  /** Newest first; empty when the history is off. */
  readonly transitions: readonly DashboardTransition[];
}

/** What the state is made of; every part read without running a check. */
export interface DashboardSources {
  readonly service: string | undefined;
  readonly refreshInterval: number;
  readonly overall: LatestKnown;
  readonly groups: ReadonlyMap<string, LatestKnown>;
  /** Group names of each check, by check name. */
  readonly membership: ReadonlyMap<string, readonly string[]>;
  readonly transitions: readonly DashboardTransition[];
  readonly now: Date;
}

/** Most transitions the page is sent; the history endpoint has them all. */
export const DASHBOARD_TRANSITIONS = 50;

/** Builds the dashboard's state from the latest results: a pure function, so it is tested without HTTP. */
export function dashboardState(sources: DashboardSources): DashboardState {
  const since = lastChanges(sources.transitions);
  const components: DashboardComponent[] = sources.overall.aggregate.components.map((component) => ({
    name: component.name,
    status: component.result.status,
    critical: component.critical !== false,
    groups: sources.membership.get(component.name) ?? [],
    checkedAt: component.result.checkedAt ?? null,
    durationMs: component.result.durationMs ?? null,
    since: since.get(`component:${component.name}`) ?? null,
    reason: reasonOf(component),
  }));
  for (const name of sources.overall.pending) {
    components.push({ name, status: null, critical: true, groups: sources.membership.get(name) ?? [], checkedAt: null, durationMs: null, since: null, reason: null });
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
    takenAt: sources.now.toISOString(),
    refreshInterval: sources.refreshInterval,
    components: components.sort((left, right) => left.name.localeCompare(right.name)),
    groups,
    transitions: sources.transitions.slice(0, DASHBOARD_TRANSITIONS),
  };
}

/** Why a component is not UP: a check's error, or the application state's reason. */
function reasonOf(component: HealthComponent): string | null {
  const details = component.result.details;
  if (typeof details?.error === 'string') return details.error;
  if (typeof details?.reason === 'string') return details.reason;
  return null;
}

/** The newest transition of each component and group, by `kind:name`. */
function lastChanges(transitions: readonly DashboardTransition[]): Map<string, string> {
  const since = new Map<string, string>();
  for (const transition of transitions) {
    const key = `${transition.kind === 'component' ? 'component' : 'group'}:${transition.name}`;
    if (!since.has(key)) since.set(key, transition.at);
  }
  return since;
}
