import type { ResolvedFleetOptions } from './fleet.options.js';

/** What the fleet view asks Prometheus, by name; each an instant query over the raw metrics the instances export. */
export interface FleetQueries {
  /** `up` of every target: 1 scraped, 0 failing. */
  readonly up: string;
  /** Each instance's aggregate status (the one series at 1). */
  readonly status: string;
  /** Each instance's components and their status. */
  readonly components: string;
  /** Share of samples UP over 24 h, per instance. */
  readonly availability: string;
  /** Share of samples UP over 24 h, per instance and component. */
  readonly componentAvailability: string;
  /** When each instance's current status began (seconds since the epoch), if it changed within 24 h. */
  readonly lastChange: string;
  /** When each component's current status began, likewise. */
  readonly componentLastChange: string;
  /** Targets seen within 24 h that are no longer scraped at all, with when they last were. */
  readonly absent: string;
}

/**
 * The queries for `options`, with `prefix` the instances' metric name prefix. They read only
 * the metrics the module exports and `up`, so the view works without recording rules. A status
 * began within the last window (of 5 s over the last hour, of a minute over the day before) in
 * which its series still had a 0; a target that is gone was last seen at its last `up` sample,
 * found by subqueries at the same steps.
 */
export function fleetQueries(options: Pick<ResolvedFleetOptions, 'jobs' | 'selector'>, prefix: string): FleetQueries {
  const matchers = matchersOf(options);
  const select = (extra?: string) => `{${[matchers, extra].filter(Boolean).join(', ')}}`;
  const aggregate = `${prefix}health_status`;
  const component = `${prefix}health_component_status`;
  // The end of each window (5 s over the last hour, 1 min over the day) in which the series had a 0.
  const lastZero = (metric: string, step: string) =>
    `max_over_time(timestamp(min_over_time(${metric}${select()}[${step}]) == 0)[${step === '5s' ? '1h' : '24h'}:${step}])`;
  const began = (metric: string, by: string) =>
    `max by (${by}) ((${lastZero(metric, '5s')} or ${lastZero(metric, '1m')}) and on (${by}, status) (${metric}${select()} == 1))`;
  return {
    up: `up${select()}`,
    status: `${aggregate}${select()} == 1`,
    components: `${component}${select()} == 1`,
    availability: `avg_over_time(${aggregate}${select('status="UP"')}[24h])`,
    componentAvailability: `avg_over_time(${component}${select('status="UP"')}[24h])`,
    lastChange: began(aggregate, 'job, instance'),
    componentLastChange: began(component, 'job, instance, component'),
    absent: `(max_over_time(timestamp(up${select()})[1h:5s]) or max_over_time(timestamp(up${select()})[24h:1m])) unless on (job, instance) up${select()}`,
  };
}

function matchersOf({ jobs, selector }: Pick<ResolvedFleetOptions, 'jobs' | 'selector'>): string {
  const parts: string[] = [];
  if (jobs.length === 1) parts.push(`job=${quoted(jobs[0]!)}`);
  if (jobs.length > 1) parts.push(`job=~${quoted(jobs.map(escapeRegex).join('|'))}`);
  if (selector) parts.push(selector);
  return parts.join(', ');
}

/** A PromQL string literal. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
