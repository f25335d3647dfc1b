import { ManagementConfigurationError, messages } from '../messages.js';

/** The default base path of every endpoint. */
export const DEFAULT_BASE_PATH = '/z';

const BASE_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

/** Validates `basePath` and normalises it (no trailing slash). */
export function resolveBasePath(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_PATH;
  const trimmed = typeof value === 'string' && value.length > 1 ? value.replace(/\/+$/, '') : value;
  if (typeof trimmed !== 'string' || !BASE_PATH.test(trimmed)) {
    throw new ManagementConfigurationError(messages.invalidBasePath(value));
  }
  return trimmed;
}
