import { MAX_THRESHOLD } from '../health/thresholds.js';
import { ManagementConfigurationError, messages } from '../messages.js';

/** A failure or success threshold: a whole number from 1 to 1000; `fallback` when absent. */
export function resolveThreshold(key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_THRESHOLD) {
    throw new ManagementConfigurationError(messages.invalidCount(key, value, 1, MAX_THRESHOLD));
  }
  return value;
}
