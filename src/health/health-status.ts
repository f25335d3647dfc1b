/** Spring Boot Actuator's health statuses, which every Actuator client understands. */
export type HealthStatus = 'UP' | 'DOWN' | 'OUT_OF_SERVICE' | 'UNKNOWN';

export const HEALTH_STATUSES: readonly HealthStatus[] = ['UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN'];

/** Worst first, as Spring aggregates: DOWN > OUT_OF_SERVICE > UP > UNKNOWN. */
const SEVERITY: Readonly<Record<HealthStatus, number>> = {
  DOWN: 3,
  OUT_OF_SERVICE: 2,
  UP: 1,
  UNKNOWN: 0,
};

export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SEVERITY, value);
}

/** The worse of two statuses. */
export function worseStatus(left: HealthStatus, right: HealthStatus): HealthStatus {
  return SEVERITY[right] > SEVERITY[left] ? right : left;
}

/** The HTTP status code for `status` under `mapping` (see `statusHttpMapping`). */
export function httpStatusOf(status: HealthStatus, mapping: Readonly<Record<HealthStatus, number>>): number {
  return mapping[status];
}
