import { ManagementConfigurationError, messages } from '../messages.js';
import { validateDuration } from './duration.js';

/** How long a result is reused, by outcome, in milliseconds. */
export interface CacheTtl {
  up: number;
  down: number;
}

/** Turns a `ttl` option into `{ up, down }`, filling gaps from `fallback`. */
export function resolveTtl(key: string, value: unknown, fallback: CacheTtl): CacheTtl {
  if (value === undefined) return fallback;
  if (typeof value === 'number') {
    const both = validateDuration(key, value, true);
    return { up: both, down: both };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManagementConfigurationError(messages.invalidTtl(key, value));
  }
  const { up, down } = value as { up?: unknown; down?: unknown };
  return {
    up: up === undefined ? fallback.up : validateDuration(`${key}.up`, up, true),
    down: down === undefined ? fallback.down : validateDuration(`${key}.down`, down, true),
  };
}
