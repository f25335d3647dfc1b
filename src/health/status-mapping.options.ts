import { ManagementConfigurationError, messages } from '../messages.js';
import { HEALTH_STATUSES, isHealthStatus } from './health-status.js';
import type { HealthStatus } from './health-status.js';

/** HTTP status code answered for each health status (Spring's `status.http-mapping`). */
export type StatusHttpMapping = Readonly<Record<HealthStatus, number>>;

/** UP answers 200; everything else tells a probe to stay away. */
export const DEFAULT_STATUS_HTTP_MAPPING: StatusHttpMapping = Object.freeze({ UP: 200, DOWN: 503, OUT_OF_SERVICE: 503, UNKNOWN: 503 });

/** Validates `statusHttpMapping` and fills the statuses it leaves out from the defaults. */
export function resolveStatusHttpMapping(value: unknown): StatusHttpMapping {
  if (value === undefined) return DEFAULT_STATUS_HTTP_MAPPING;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManagementConfigurationError(messages.invalidStatusMapping());
  }
  const mapping: Record<HealthStatus, number> = { ...DEFAULT_STATUS_HTTP_MAPPING };
  for (const [status, code] of Object.entries(value)) {
    if (!isHealthStatus(status)) {
      throw new ManagementConfigurationError(messages.unknownMappedStatus(status, HEALTH_STATUSES));
    }
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) {
      throw new ManagementConfigurationError(messages.invalidMappedCode(status, code));
    }
    mapping[status] = code;
  }
  return Object.freeze(mapping);
}
