import type { CheckResult } from './check-result.js';

/** How many results in a row it takes to change a check's reported status. */
export interface Thresholds {
  /** Failed results (not UP) in a row before an UP check is reported failing. */
  readonly failureThreshold: number;
  /** UP results in a row before a failing check is reported UP again. */
  readonly successThreshold: number;
}

/** The current run of failed or successful results of one check (one of the two is always 0). */
export interface Streak {
  failures: number;
  successes: number;
}

/** A count a threshold must be, checked once at start-up. */
export const MAX_THRESHOLD = 1_000;

/**
 * The result to report for a fresh `result`, given the one reported before and the streak (which
 * it advances). An UP check stays UP until `failureThreshold` failures in a row, a failing check
 * stays as it is until `successThreshold` successes in a row, so a flapping check neither flips
 * its probes nor floods the history and notifications. A check's first result is reported as is:
 * there is no status to hold. With both thresholds at 1 (the default) results are reported
 * unchanged; otherwise details show the streak (`consecutiveFailures` or `consecutiveSuccesses`),
 * and a held result also the threshold and the reason of the result held back.
 */
export function applyThresholds(result: CheckResult, previous: CheckResult | undefined, streak: Streak, thresholds: Thresholds): CheckResult {
  const succeeded = result.status === 'UP';
  streak.failures = succeeded ? 0 : streak.failures + 1;
  streak.successes = succeeded ? streak.successes + 1 : 0;
  const { failureThreshold, successThreshold } = thresholds;
  if (failureThreshold === 1 && successThreshold === 1) return result;
  const wasUp = previous?.status === 'UP';
  if (previous && wasUp && !succeeded && streak.failures < failureThreshold) {
    const { error, ...details } = result.details ?? {};
    return held(result, 'UP', { ...details, consecutiveFailures: streak.failures, failureThreshold, ...(error === undefined ? {} : { lastError: error }) });
  }
  if (previous && !wasUp && succeeded && streak.successes < successThreshold) {
    const error = previous.details?.error;
    return held(result, previous.status, { ...result.details, ...(error === undefined ? {} : { error }), consecutiveSuccesses: streak.successes, successThreshold });
  }
  const count = succeeded ? { consecutiveSuccesses: streak.successes } : { consecutiveFailures: streak.failures };
  return { ...result, details: { ...result.details, ...count } };
}

function held(result: CheckResult, status: CheckResult['status'], details: Record<string, unknown>): CheckResult {
  return { status, details, checkedAt: result.checkedAt, durationMs: result.durationMs };
}
