import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';

/** The status history (`history` in the module options), served at {basePath}/health/history. */
export interface HistoryOptions {
  /** Record status changes and serve /health/history (to requests allowed to see details). Default `false`. */
  enabled?: boolean;
  /** How many changes are kept; the oldest give way. Default `500`, at most 100000. */
  capacity?: number;
}

export interface ResolvedHistoryOptions {
  enabled: boolean;
  capacity: number;
}

export const HISTORY_DEFAULTS = { enabled: false, capacity: 500 } as const;
const MAX_CAPACITY = 100_000;
const KNOWN = ['enabled', 'capacity'];

export function resolveHistoryOptions(value: unknown): ResolvedHistoryOptions {
  const options = sectionOption('history', value, KNOWN) as HistoryOptions;
  const { capacity = HISTORY_DEFAULTS.capacity } = options;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new ManagementConfigurationError(messages.invalidCount('history.capacity', capacity, 1, MAX_CAPACITY));
  }
  return { enabled: booleanOption('history.enabled', options.enabled, HISTORY_DEFAULTS.enabled), capacity };
}
