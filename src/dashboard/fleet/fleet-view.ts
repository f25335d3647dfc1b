import type { HealthStatus } from '../../health/health-status.js';
import { HEALTH_STATUSES } from '../../health/health-status.js';
import type { FleetQueries } from './fleet-queries.js';
import type { Sample } from './prometheus-query.client.js';

/**
 * How Prometheus sees an instance: its own aggregate status while it is scraped; `SCRAPE_FAILING`
 * when its target is down (up = 0); `ABSENT` when its target was seen within 24 h and is gone.
 */
export type FleetInstanceState = HealthStatus | 'SCRAPE_FAILING' | 'ABSENT';

export interface FleetComponent {
  readonly name: string;
  readonly status: HealthStatus;
  /** Share of samples UP over 24 h, 0 to 1; null when unknown. */
  readonly availability: number | null;
  /** When its current status began (ISO-8601), if within 24 h. */
  readonly lastChange: string | null;
}

export interface FleetInstance {
  readonly instance: string;
  readonly state: FleetInstanceState;
  readonly availability: number | null;
  readonly lastChange: string | null;
  /** When an absent target was last scraped. */
  readonly lastSeen: string | null;
  readonly components: readonly FleetComponent[];
}

/** One scrape job: a service. */
export interface FleetService {
  readonly job: string;
  readonly instances: readonly FleetInstance[];
}

/** The body of `{basePath}/dashboard/fleet`. */
export interface FleetView {
  /** Whether every query was answered; when not, `error` says why and there are no services. */
  readonly reachable: boolean;
  readonly error: string | null;
  readonly takenAt: string;
  readonly refreshInterval: number;
  readonly services: readonly FleetService[];
}

export type FleetAnswers = { readonly [Name in keyof FleetQueries]: readonly Sample[] };

/** Builds the view from the answers: a pure function. Services in the order of `jobs`, then by name; instances by name. */
export function fleetView(answers: FleetAnswers, jobs: readonly string[], now: Date, refreshInterval: number): FleetView {
  const instances = new Map<string, Map<string, { state: FleetInstanceState; lastSeen: string | null }>>();
  const at = (job: string) => instances.get(job) ?? instances.set(job, new Map()).get(job)!;
  for (const { labels, value } of answers.up) {
    if (labels.job && labels.instance) at(labels.job).set(labels.instance, { state: value === 1 ? 'UNKNOWN' : 'SCRAPE_FAILING', lastSeen: null });
  }
  for (const { labels, value } of answers.absent) {
    if (labels.job && labels.instance && !at(labels.job).has(labels.instance)) {
      at(labels.job).set(labels.instance, { state: 'ABSENT', lastSeen: isoOf(value) ?? null });
    }
  }
  const key = (labels: Readonly<Record<string, string>>, ...more: string[]) => [labels.job, labels.instance, ...more].join('\u0000');
  const statuses = byKey(answers.status, (labels) => key(labels), (sample) => statusOf(sample.labels.status));
  const availability = byKey(answers.availability, (labels) => key(labels), (sample) => sample.value);
  const lastChange = byKey(answers.lastChange, (labels) => key(labels), (sample) => isoOf(sample.value));
  const componentAvailability = byKey(answers.componentAvailability, (labels) => key(labels, labels.component ?? ''), (sample) => sample.value);
  const componentLastChange = byKey(answers.componentLastChange, (labels) => key(labels, labels.component ?? ''), (sample) => isoOf(sample.value));
  const components = new Map<string, FleetComponent[]>();
  for (const { labels } of answers.components) {
    const status = statusOf(labels.status);
    if (!labels.component || !status) continue;
    const list = components.get(key(labels)) ?? components.set(key(labels), []).get(key(labels))!;
    const id = key(labels, labels.component);
    list.push({ name: labels.component, status, availability: componentAvailability.get(id) ?? null, lastChange: componentLastChange.get(id) ?? null });
  }
  const order = (job: string) => (jobs.includes(job) ? jobs.indexOf(job) : jobs.length);
  const services = [...instances.keys()]
    .sort((left, right) => order(left) - order(right) || left.localeCompare(right))
    .map((job) => ({
      job,
      instances: [...instances.get(job)!]
        .sort(([left], [right]) => left.localeCompare(right, undefined, { numeric: true }))
        .map(([instance, seen]) => {
          const id = [job, instance].join('\u0000');
          const scraped = seen.state === 'UNKNOWN';
          return {
            instance,
            state: scraped ? (statuses.get(id) ?? 'UNKNOWN') : seen.state,
            availability: availability.get(id) ?? null,
            lastChange: scraped ? (lastChange.get(id) ?? null) : null,
            lastSeen: seen.lastSeen,
            components: scraped ? (components.get(id) ?? []).sort((left, right) => left.name.localeCompare(right.name)) : [],
          };
        }),
    }));
  return { reachable: true, error: null, takenAt: now.toISOString(), refreshInterval, services };
}

/** The view when Prometheus gave no answer. */
export function unreachableView(error: string, now: Date, refreshInterval: number): FleetView {
  return { reachable: false, error, takenAt: now.toISOString(), refreshInterval, services: [] };
}

function byKey<T>(samples: readonly Sample[], keyOf: (labels: Readonly<Record<string, string>>) => string, valueOf: (sample: Sample) => T | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const sample of samples) {
    const value = valueOf(sample);
    if (value !== undefined && !(typeof value === 'number' && !Number.isFinite(value))) map.set(keyOf(sample.labels), value);
  }
  return map;
}

function statusOf(value: string | undefined): HealthStatus | undefined {
  return (HEALTH_STATUSES as readonly string[]).includes(value ?? '') ? (value as HealthStatus) : undefined;
}

function isoOf(seconds: number): string | undefined {
  return Number.isFinite(seconds) ? new Date(seconds * 1_000).toISOString() : undefined;
}
