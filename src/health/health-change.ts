import type { CheckResult } from './check-result.js';
import type { HealthAggregate } from './health.service.js';
import type { HealthStatus } from './health-status.js';

/** What changed: one check (`component`), one group, or the aggregate of every check (`aggregate`, named `all`). */
export type HealthChangeKind = 'component' | 'group' | 'aggregate';

/** What a change is about: one check, one group or the aggregate. */
export interface HealthSubject {
  readonly kind: HealthChangeKind;
  /** The check's or the group's name; `'all'` for the aggregate. */
  readonly name: string;
}

/** The name of the aggregate of every check (what /health shows) in a `HealthChange`. */
export const AGGREGATE_NAME = 'all';

/**
 * One change of status, as the history records it and notifications deliver it. The first status
 * ever seen of a component, group or the aggregate is a change too, `from: null`, so a timeline
 * shows when each came up.
 */
export interface HealthChange extends HealthSubject {
  /** The status before; null for the first status seen. */
  readonly from: HealthStatus | null;
  readonly to: HealthStatus;
  /** When the change was seen, as an ISO-8601 string. */
  readonly at: string;
  /** How long the previous status lasted, in milliseconds; null for the first status seen. */
  readonly previousDurationMs: number | null;
  /** Why it is not UP (the check's error, or the failing components of a group), already scrubbed; absent when UP. */
  readonly reason?: string;
}

const MAX_REASON_LENGTH = 1_000;

/** Why a check's result is not UP: its error or its reason; undefined when UP or when it gave none. */
export function reasonOfResult(result: Pick<CheckResult, 'status' | 'details'>): string | undefined {
  if (result.status === 'UP') return undefined;
  const { error, reason } = result.details ?? {};
  if (typeof error === 'string') return error;
  return typeof reason === 'string' ? reason : undefined;
}

/** Why an aggregate is not UP: each critical component that is not UP, with its reason. */
export function reasonOfAggregate(aggregate: HealthAggregate): string | undefined {
  if (aggregate.status === 'UP') return undefined;
  const parts: string[] = [];
  for (const { name, result, critical } of aggregate.components) {
    if (result.status === 'UP' || critical === false) continue;
    const reason = reasonOfResult(result);
    parts.push(reason ? `${name}: ${reason}` : `${name} is ${result.status}`);
  }
  const text = parts.join('; ');
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text || undefined;
}
