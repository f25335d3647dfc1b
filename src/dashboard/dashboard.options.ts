import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';
import { resolveFleetOptions } from './fleet/fleet.options.js';
import type { FleetOptions, ResolvedFleetOptions } from './fleet/fleet.options.js';

/** Options of the dashboard page (`dashboard` in the module options). */
export interface DashboardOptions {
  /** Serve `{basePath}/dashboard` at all. Default `false` (it answers 404). Turns on `history` too. */
  enabled?: boolean;
  /** Milliseconds between the page's polls of its state. Default `2000`, at least `500`. */
  refreshInterval?: number;
  /**
   * Also show every instance of this service (and of other services, if asked) as a Prometheus
   * server sees them, read by the application from Prometheus's HTTP API. Default: off.
   */
  fleet?: FleetOptions;
}

export interface ResolvedDashboardOptions {
  enabled: boolean;
  refreshInterval: number;
  /** Undefined: no fleet view. */
  fleet: ResolvedFleetOptions | undefined;
}

export const DASHBOARD_DEFAULTS = { refreshInterval: 2_000, minimumRefreshInterval: 500 } as const;

const KNOWN = ['enabled', 'refreshInterval', 'fleet'];
const MAX_TIMER = 2_147_483_647;

export function resolveDashboardOptions(value: unknown): ResolvedDashboardOptions {
  const options = sectionOption('dashboard', value, KNOWN) as DashboardOptions;
  const enabled = booleanOption('dashboard.enabled', options.enabled, false);
  const interval = options.refreshInterval ?? DASHBOARD_DEFAULTS.refreshInterval;
  const minimum = DASHBOARD_DEFAULTS.minimumRefreshInterval;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < minimum || interval > MAX_TIMER) {
    throw new ManagementConfigurationError(messages.invalidRefreshInterval('dashboard.refreshInterval', interval, minimum));
  }
  return { enabled, refreshInterval: interval, fleet: resolveFleetOptions(options.fleet) };
}
