import { scrubUrls } from '../../secrets/secret-scrubber.js';

/** Configuration errors and page texts of the dashboard's fleet view; none repeats a URL's password. */
const option = (key: string) => `ManagementModule option 'dashboard.fleet${key ? `.${key}` : ''}'`;

export const fleetMessages = {
  missingPrometheus: () =>
    `${option('prometheus')} is required: where to read the fleet from, e.g. { prometheus: { url: 'http://prometheus:9090', job: 'orders' } }.`,
  invalidUrl: (value: unknown) =>
    `${option('prometheus.url')} must be the absolute http or https URL of the Prometheus server (its API is under /api/v1), ` +
    `such as 'http://prometheus:9090', without query or fragment; got ${typeof value === 'string' ? `'${scrubUrls(value)}'` : String(value)}.`,
  missingTarget: () =>
    `${option('prometheus')} needs 'job' (the scrape job of this service's instances, or a list of jobs) or 'selector' ` +
    `(label matchers such as 'namespace="prod", service="orders"'), so that the view shows your instances and no others.`,
  invalidJob: () => `${option('prometheus.job')} must be a non-empty job name, or a non-empty list of them, e.g. 'orders' or ['orders', 'billing'].`,
  invalidSelector: (value: unknown) =>
    `${option('prometheus.selector')} must be PromQL label matchers without braces, such as 'namespace="prod", service=~"orders|billing"'; ` +
    `got ${JSON.stringify(value)}.`,
  invalidHeaders: () => `${option('prometheus.headers')} must map header names to strings, e.g. { Authorization: 'Bearer …' }.`,
  invalidPrefix: (value: unknown) =>
    `${option('prometheus.prefix')} must be the metric name prefix the instances export with ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${JSON.stringify(value)}.`,
  invalidMilliseconds: (key: string, minimum: number, maximum: number, value: unknown) =>
    `${option(key)} must be a whole number of milliseconds from ${minimum} to ${maximum}, got ${String(value)}.`,
  unknownKey: (key: string, name: string, known: readonly string[]) => `${option(key ? `${key}.${name}` : name)} is not known. Known: ${known.join(', ')}.`,
  notAnObject: (key: string) => `${option(key)} must be an object.`,
  off: () => "The fleet view is off: set ManagementModule option 'dashboard.fleet' to { prometheus: { url, job } }.",
  /** Why the fleet view has no figures, shown on the page. */
  unreachable: (reason: string) => `Prometheus cannot be reached: ${reason}`,
  answered: (status: number, detail: string) => `Prometheus answered HTTP ${status}${detail ? `: ${scrubUrls(detail)}` : ''}`,
  notPrometheus: () => 'the answer is not the JSON of a Prometheus query API',
};
