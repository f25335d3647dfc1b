import { ManagementConfigurationError, messages } from '../../messages.js';

type Range = 'positive' | 'ratio' | 'percentile';

const RANGES: Record<Range, [(value: number) => boolean, string]> = {
  positive: [(value) => value > 0, 'a number > 0'],
  ratio: [(value) => value > 0 && value <= 1, 'a number > 0 and <= 1'],
  percentile: [(value) => value > 0 && value <= 100, 'a number > 0 and <= 100'],
};

/** Validates a limit given to an indicator; `undefined` stays undefined. */
export function optionalLimit(indicator: string, key: string, value: unknown, range: Range): number | undefined {
  if (value === undefined) return undefined;
  const [valid, text] = RANGES[range];
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ManagementConfigurationError(messages.invalidLimit(indicator, key, value, text));
  }
  return value;
}

/** Validates a limit that has a default. */
export function limit(indicator: string, key: string, value: unknown, range: Range, fallback: number): number {
  return optionalLimit(indicator, key, value, range) ?? fallback;
}
