import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';

/** Options of the dashboard page (`dashboard` in the module options). */
export interface DashboardOptions {
  /** Serve `{basePath}/dashboard` at all. Default `false` (it answers 404). Turns on `history` too. */
  enabled?: boolean;
  /** Milliseconds between the page's polls of its state. Default `2000`, at least `500`. */
  refreshInterval?: number;
}

export interface ResolvedDashboardOptions {
  enabled: boolean;
  refreshInterval: number;
}

export const DASHBOARD_DEFAULTS = { refreshInterval: 2_000, minimumRefreshInterval: 500 } as const;

const KNOWN = ['enabled', 'refreshInterval'];
const MAX_TIMER = 2_147_483_647;

export function resolveDashboardOptions(value: unknown): ResolvedDashboardOptions {
  const options = sectionOption('dashboard', value, KNOWN) as DashboardOptions;
  const enabled = booleanOption('dashboard.enabled', options.enabled, false);
  const interval = options.refreshInterval ?? DASHBOARD_DEFAULTS.refreshInterval;
  const minimum = DASHBOARD_DEFAULTS.minimumRefreshInterval;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < minimum || interval > MAX_TIMER) {
    throw new ManagementConfigurationError(messages.invalidRefreshInterval('dashboard.refreshInterval', interval, minimum));
  }
  return { enabled, refreshInterval: interval };
}
