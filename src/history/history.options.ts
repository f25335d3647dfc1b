import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';

/** The status history (`history` in the module options), served at {basePath}/health/history. */
export interface HistoryOptions {
  /** Record status changes and serve /health/history (to requests allowed to see details). Default `false`. */
  enabled?: boolean;
  /** How many changes are kept; the oldest give way. Default `500`, at most 100000. */
  capacity?: number;
  /**
   * How many recent executions of each check are kept for the dashboard's latency chart
   * (when, how long, what it gave). Default `60`, from 0 (none) to 1000.
   */
  executions?: number;
}

export interface ResolvedHistoryOptions {
  enabled: boolean;
  capacity: number;
  executions: number;
}

export const HISTORY_DEFAULTS = { enabled: false, capacity: 500, executions: 60 } as const;
const MAX_CAPACITY = 100_000;
const MAX_EXECUTIONS = 1_000;
const KNOWN = ['enabled', 'capacity', 'executions'];

export function resolveHistoryOptions(value: unknown): ResolvedHistoryOptions {
  const options = sectionOption('history', value, KNOWN) as HistoryOptions;
  const { capacity = HISTORY_DEFAULTS.capacity } = options;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new ManagementConfigurationError(messages.invalidCount('history.capacity', capacity, 1, MAX_CAPACITY));
  }
  const { executions = HISTORY_DEFAULTS.executions } = options;
  if (typeof executions !== 'number' || !Number.isInteger(executions) || executions < 0 || executions > MAX_EXECUTIONS) {
    throw new ManagementConfigurationError(messages.invalidCount('history.executions', executions, 0, MAX_EXECUTIONS));
  }
  return { enabled: booleanOption('history.enabled', options.enabled, HISTORY_DEFAULTS.enabled), capacity, executions };
}
