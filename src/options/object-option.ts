import { ManagementConfigurationError, messages } from '../messages.js';

/** `value` as a plain object (`{}` when absent), or a configuration error naming `key`. */
export function objectOption(key: string, value: unknown): object {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManagementConfigurationError(messages.notAnObject(key));
  }
  return value;
}
