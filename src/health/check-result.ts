import { messages } from '../messages.js';
import { scrubText, scrubValue } from '../secrets/secret-scrubber.js';
import { HealthError } from './health-error.js';
import { isHealthStatus } from './health-status.js';
import type { HealthStatus } from './health-status.js';

/** The outcome of one execution of one check. */
export interface CheckResult {
  readonly status: HealthStatus;
  /**
   * What the check reported, plus `error` when it failed, with secrets scrubbed; shown only where
   * details are allowed.
   */
  readonly details?: Readonly<Record<string, unknown>>;
  /** When the execution started, as an ISO-8601 string. */
  readonly checkedAt: string;
  /** How long the execution took, in milliseconds. */
  readonly durationMs: number;
}

const MAX_ERROR_LENGTH = 1_000;

type Outcome = Pick<CheckResult, 'status' | 'details'>;

/**
 * Reads what a check returned: nothing or true is UP, false is DOWN, `{ status, details }` says
 * more. Outcomes are scrubbed here, once per execution, so every reader of a result (endpoints,
 * logs, the probe worker) only ever sees it without secrets.
 */
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
    return { status, details: { value: shown(details) } };
  }
  return { status, details: shown(details) as Record<string, unknown> };
}

/** Reads what a check threw or rejected with: always DOWN, with the best reason available. */
export function outcomeOfError(error: unknown): Outcome {
  if (error instanceof HealthError) return down(error.message, error.details);
  if (error instanceof Error) return down(error.message || error.name);
  return down(typeof error === 'string' ? error : safeString(error));
}

/** A DOWN outcome with `reason` as its error, both scrubbed of secrets. */
export function down(reason: string, details: Record<string, unknown> = {}): Outcome {
  // Scrub before cutting: a cut through a URL or a pair would leave its secret unrecognizable.
  const scrubbed = scrubText(reason);
  const error = scrubbed.length > MAX_ERROR_LENGTH ? `${scrubbed.slice(0, MAX_ERROR_LENGTH)}…` : scrubbed;
  return { status: 'DOWN', details: { ...(shown(details) as Record<string, unknown>), error } };
}

/**
 * Details as the endpoint will show them: read through JSON (so `toJSON`, dropped functions and
 * the like are what a reader sees) and scrubbed. What JSON cannot carry (cycles, BigInt) is
 * replaced by a note.
 */
function shown(details: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(details);
  } catch {
    return { note: messages.checkDetailsNotSerializable() };
  }
  return json === undefined ? undefined : scrubValue(JSON.parse(json));
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
