import { ManagementConfigurationError, messages } from '../messages.js';

const MAX_TIMER = 2_147_483_647;

/** Validates a duration in milliseconds (a whole number a timer accepts); `key` names it in the error. */
export function validateDuration(key: string, value: unknown, allowZero: boolean): number {
  const valid =
    typeof value === 'number' && Number.isInteger(value) && value <= MAX_TIMER && (allowZero ? value >= 0 : value > 0);
  if (!valid) throw new ManagementConfigurationError(messages.invalidDuration(key, value, allowZero));
  return value;
}
