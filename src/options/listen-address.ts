import { ManagementConfigurationError, messages } from '../messages.js';

/** Validates the management `port`: 0 (a free one) to 65535, or none. */
export function resolvePort(value: unknown): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65_535)) {
    throw new ManagementConfigurationError(messages.invalidPort(value));
  }
  return value;
}

/** Validates the management `address`: a host or IP address, or none. */
export function resolveAddress(value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    throw new ManagementConfigurationError(messages.invalidAddress());
  }
  return value;
}
