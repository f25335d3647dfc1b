import { DIAGNOSTIC_ENDPOINTS } from '../diagnostics/diagnostics.options.js';
import type { ResolvedManagementOptions } from '../management.options.js';

/** An endpoint as the discovery page lists it: Actuator's id and its path under the base path. */
export interface EndpointLink {
  readonly name: string;
  readonly path: string;
  readonly templated: boolean;
}

/**
 * The endpoints this configuration serves, under Actuator's ids where Spring has the same
 * endpoint (`health`, `health-path`, `info`, `prometheus`...) and their own names otherwise
 * (`/environment` is not Spring's `env` format, so it is not called `env`).
 */
export function enabledEndpoints(options: ResolvedManagementOptions): EndpointLink[] {
  const links: EndpointLink[] = [
    { name: 'health', path: 'health', templated: false },
    { name: 'health-path', path: 'health/{*path}', templated: true },
    { name: 'info', path: 'info', templated: false },
    { name: 'version', path: 'version', templated: false },
  ];
  if (options.history.enabled) links.push({ name: 'history', path: 'health/history', templated: false });
  if (options.environment.enabled) links.push({ name: 'environment', path: 'environment', templated: false });
  if (options.prometheus.endpoint) links.push({ name: 'prometheus', path: 'prometheus', templated: false });
  if (options.loggers.enabled) {
    links.push({ name: 'loggers', path: 'loggers', templated: false }, { name: 'loggers-name', path: 'loggers/{name}', templated: true });
  }
  if (options.shutdown.enabled) links.push({ name: 'shutdown', path: 'shutdown', templated: false });
  if (options.dashboard.enabled) links.push({ name: 'dashboard', path: 'dashboard', templated: false });
  for (const name of DIAGNOSTIC_ENDPOINTS) if (options.diagnostics[name]) links.push({ name, path: name, templated: false });
  return links;
}
