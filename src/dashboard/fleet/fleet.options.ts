import { ManagementConfigurationError } from '../../messages.js';
import { fleetMessages } from './fleet.messages.js';

/** Where the fleet view reads from: a Prometheus server that scrapes the instances' health metrics. */
export interface FleetPrometheusOptions {
  /** The Prometheus server's URL, e.g. `'http://prometheus:9090'` (queried at `{url}/api/v1/query`). Required. */
  url: string;
  /**
   * The scrape job of this service's instances, or several jobs to show other services too (one
   * table each, in this order). Either `job` or `selector` is required.
   */
  job?: string | readonly string[];
  /** More label matchers every query carries, without braces, e.g. `'namespace="prod"'`. Default none. */
  selector?: string;
  /** Headers sent with every query, e.g. `{ Authorization: 'Bearer …' }`. Default none. */
  headers?: Record<string, string>;
  /** Milliseconds a query may take before the view says Prometheus cannot be reached. Default `3000`. */
  timeout?: number;
  /** The metric name prefix the instances export with. Default: this module's `prometheus.prefix`. */
  prefix?: string;
}

/** The dashboard's fleet view (`dashboard.fleet`): every instance as Prometheus sees it. */
export interface FleetOptions {
  prometheus: FleetPrometheusOptions;
  /**
   * Milliseconds one answer from Prometheus is reused, however many pages are open; the page polls
   * the fleet that often. Default `15000`, at least `1000`.
   */
  refreshInterval?: number;
}

export interface ResolvedFleetOptions {
  readonly url: string;
  readonly jobs: readonly string[];
  readonly selector: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly prefix: string | undefined;
  readonly refreshInterval: number;
}

export const FLEET_DEFAULTS = { timeout: 3_000, refreshInterval: 15_000 } as const;

const FLEET_KEYS = ['prometheus', 'refreshInterval'];
const PROMETHEUS_KEYS = ['url', 'job', 'selector', 'headers', 'timeout', 'prefix'];
const MAX_TIMER = 2_147_483_647;
const LABEL_VALUE = String.raw`"(?:[^"\\]|\\.)*"`;
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*${LABEL_VALUE}\s*`;
const SELECTOR = new RegExp(`^${MATCHER}(?:,${MATCHER})*,?\\s*$`);
const METRIC_PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/** Validates `dashboard.fleet`; undefined when it is absent (no fleet view). */
export function resolveFleetOptions(value: unknown): ResolvedFleetOptions | undefined {
  if (value === undefined) return undefined;
  const fleet = section('', value, FLEET_KEYS) as Partial<FleetOptions>;
  if (fleet.prometheus === undefined) throw new ManagementConfigurationError(fleetMessages.missingPrometheus());
  const prometheus = section('prometheus', fleet.prometheus, PROMETHEUS_KEYS) as Partial<FleetPrometheusOptions>;
  return {
    url: urlOf(prometheus.url),
    jobs: jobsOf(prometheus.job, prometheus.selector),
    selector: selectorOf(prometheus.selector),
    headers: headersOf(prometheus.headers),
    timeout: milliseconds('prometheus.timeout', prometheus.timeout, FLEET_DEFAULTS.timeout, 1),
    prefix: prefixOf(prometheus.prefix),
    refreshInterval: milliseconds('refreshInterval', fleet.refreshInterval, FLEET_DEFAULTS.refreshInterval, 1_000),
  };
}

function section(key: string, value: unknown, known: readonly string[]): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManagementConfigurationError(fleetMessages.notAnObject(key));
  for (const name of Object.keys(value)) {
    if (!known.includes(name)) throw new ManagementConfigurationError(fleetMessages.unknownKey(key, name, known));
  }
  return value;
}

function urlOf(value: unknown): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new ManagementConfigurationError(fleetMessages.invalidUrl(value));
  }
  return value as string;
}

function jobsOf(value: unknown, selector: unknown): readonly string[] {
  if (value === undefined) {
    if (selector === undefined) throw new ManagementConfigurationError(fleetMessages.missingTarget());
    return [];
  }
  const jobs = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(jobs) || jobs.length === 0 || !jobs.every((job) => typeof job === 'string' && job !== '')) {
    throw new ManagementConfigurationError(fleetMessages.invalidJob());
  }
  return Object.freeze([...new Set(jobs as string[])]);
}

function selectorOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SELECTOR.test(value)) throw new ManagementConfigurationError(fleetMessages.invalidSelector(value));
  return value.trim().replace(/,\s*$/, '');
}

function headersOf(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((header) => typeof header === 'string')) {
    throw new ManagementConfigurationError(fleetMessages.invalidHeaders());
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

function prefixOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !METRIC_PREFIX.test(value)) throw new ManagementConfigurationError(fleetMessages.invalidPrefix(value));
  return value;
}

function milliseconds(key: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > MAX_TIMER) {
    throw new ManagementConfigurationError(fleetMessages.invalidMilliseconds(key, minimum, MAX_TIMER, value));
  }
  return value;
}
