import { ManagementConfigurationError, messages } from '../messages.js';

/** `value` as a plain object (`{}` when absent), or a configuration error naming `key`. */
export function objectOption(key: string, value: unknown): object {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManagementConfigurationError(messages.notAnObject(key));
  }
  return value;
}

/**
 * A section of the options (`history`, `probes.loadShedding`...) as a plain object whose keys
 * are all in `known`; a configuration error names the section and any other key.
 */
export function sectionOption(key: string, value: unknown, known: readonly string[]): object {
  const section = objectOption(key, value);
  for (const name of Object.keys(section)) {
    if (!known.includes(name)) throw new ManagementConfigurationError(messages.unknownNestedOption(key, name, known));
  }
  return section;
}

/** `value` if it is true or false, `fallback` when absent; a configuration error naming `key` otherwise. */
export function booleanOption(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ManagementConfigurationError(messages.invalidBoolean(key));
  return value;
}
