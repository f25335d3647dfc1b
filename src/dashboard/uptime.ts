import type { HealthChange } from '../health/health-change.js';
import type { HealthStatus } from '../health/health-status.js';

/** The share of time a component was UP over the window the status history covers. */
export interface Uptime {
  /** From 0 to 1; null when no time with a known status is covered yet. */
  readonly share: number | null;
  /** Where the time counted starts (ISO-8601); null with `share`. */
  readonly since: string | null;
}

/**
 * Works out a component's uptime from the status changes kept (newest first, of every kind), the
 * start of the window they cover and its current status. Before its first change kept, the
 * component had that change's `from` status; a change `from: null` (first seen) starts the count.
 * A component with no change kept has had its current status for the whole window.
 */
export function uptimeOf(
  name: string,
  transitions: readonly HealthChange[],
  windowStart: string | undefined,
  current: HealthStatus | null,
  now: Date,
): Uptime {
  const changes = transitions.filter((change) => change.kind === 'component' && change.name === name).reverse();
  if (windowStart === undefined) return { share: null, since: null };
  let cursor = Date.parse(windowStart);
  let status: HealthStatus | null = changes.length === 0 ? current : changes[0]!.from;
  let start: number | undefined;
  let up = 0;
  let covered = 0;
  const count = (until: number) => {
    if (status !== null && until > cursor) {
      start ??= cursor;
      covered += until - cursor;
      if (status === 'UP') up += until - cursor;
    }
    cursor = Math.max(cursor, until);
  };
  for (const change of changes) {
    count(Date.parse(change.at));
    status = change.to;
  }
  count(now.getTime());
  if (covered === 0 || start === undefined) return { share: status === null ? null : status === 'UP' ? 1 : 0, since: status === null ? null : new Date(cursor).toISOString() };
  return { share: up / covered, since: new Date(start).toISOString() };
}
