import { messages } from '../messages.js';
import { HealthError } from './health-error.js';
import { isHealthStatus } from './health-status.js';
import type { HealthStatus } from './health-status.js';

/** The outcome of one execution of one check. */
export interface CheckResult {
  readonly status: HealthStatus;
  /** What the check reported, plus `error` when it failed; shown only where details are allowed. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** When the execution started, as an ISO-8601 string. */
  readonly checkedAt: string;
  /** How long the execution took, in milliseconds. */
  readonly durationMs: number;
}

const MAX_ERROR_LENGTH = 1_000;

type Outcome = Pick<CheckResult, 'status' | 'details'>;

/** Reads what a check returned: nothing or true is UP, false is DOWN, `{ status, details }` says more. */
export function outcomeOfReturn(value: unknown): Outcome {
  if (value === undefined || value === true) return { status: 'UP' };
  if (value === false) return down(messages.checkReturnedFalse());
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return down(messages.checkReturnedUnsupported(value));
  }
  const { status = 'UP', details } = value as { status?: unknown; details?: unknown };
  if (!isHealthStatus(status)) return down(messages.checkReturnedInvalidStatus(status));
  if (details === undefined) return { status };
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    return { status, details: { value: serializable(details) } };
  }
  return { status, details: serializable(details) as Record<string, unknown> };
}

/** Reads what a check threw or rejected with: always DOWN, with the best reason available. */
export function outcomeOfError(error: unknown): Outcome {
  if (error instanceof HealthError) return down(error.message, error.details);
  if (error instanceof Error) return down(error.message || error.name);
  return down(typeof error === 'string' ? error : safeString(error));
}

export function down(reason: string, details: Record<string, unknown> = {}): Outcome {
  const error = reason.length > MAX_ERROR_LENGTH ? `${reason.slice(0, MAX_ERROR_LENGTH)}…` : reason;
  return { status: 'DOWN', details: { ...(serializable(details) as Record<string, unknown>), error } };
}

/** Details end up in JSON; anything JSON cannot carry (cycles, BigInt) is replaced by a note. */
function serializable(details: unknown): unknown {
  try {
    JSON.stringify(details);
    return details;
  } catch {
    return { note: messages.checkDetailsNotSerializable() };
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
