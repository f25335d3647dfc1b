import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';

/** What the module needs of a prom-client `Registry` (yours, or prom-client's default `register`). */
export interface MetricsRegistry {
  metrics(): Promise<string>;
  readonly contentType: string;
  removeSingleMetric(name: string): void;
  getSingleMetric(name: string): unknown;
}

/** Health as Prometheus metrics (`prometheus` in the module options). Needs the `prom-client` package. */
export interface PrometheusOptions {
  /** Record health metrics at all. Default `false`. */
  enabled?: boolean;
  /**
   * Serve the registry at {basePath}/prometheus in the text exposition format, to requests
   * allowed to see details. Default `true` once enabled; `false` when the application already
   * exposes the registry itself (e.g. /metrics from @willsoto/nestjs-prometheus).
   */
  endpoint?: boolean;
  /** The prom-client `Registry` the metrics join. Default: prom-client's default `register`. */
  registry?: MetricsRegistry;
  /** Prepended to every metric name, e.g. `'orders_'`. Default `''` (`health_check_executions_total`...). */
  prefix?: string;
}

export interface ResolvedPrometheusOptions {
  enabled: boolean;
  endpoint: boolean;
  registry: MetricsRegistry | undefined;
  prefix: string;
}

const KNOWN = ['enabled', 'endpoint', 'registry', 'prefix'];
const METRIC_PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

export function resolvePrometheusOptions(value: unknown): ResolvedPrometheusOptions {
  const options = sectionOption('prometheus', value, KNOWN) as PrometheusOptions;
  const enabled = booleanOption('prometheus.enabled', options.enabled, false);
  const endpoint = booleanOption('prometheus.endpoint', options.endpoint, true);
  const { registry, prefix = '' } = options;
  if (registry !== undefined && (typeof registry !== 'object' || registry === null || typeof registry.metrics !== 'function')) {
    throw new ManagementConfigurationError(messages.invalidMetricsRegistry());
  }
  if (typeof prefix !== 'string' || !METRIC_PREFIX.test(prefix)) throw new ManagementConfigurationError(messages.invalidMetricPrefix(prefix));
  return { enabled, endpoint: enabled && endpoint, registry, prefix };
}
