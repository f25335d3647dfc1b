import type { HealthCheckOptions } from '../health/health-check.options.js';
import { HealthError } from '../health/health-error.js';
import type { HealthCheckReturn } from '../health/health-indicator.interface.js';
import type { HealthCheckRegistration } from '../health/health-check.options.js';
import { messages } from '../messages.js';

/** One entry of a terminus indicator's result: `{ status: 'up' | 'down' | 'degraded', ...details }`. */
export interface TerminusIndicatorStatus {
  status: string;
  [detail: string]: unknown;
}

/** What a terminus indicator resolves with: `{ [key]: { status, ...details } }`. */
export type TerminusIndicatorResult = Record<string, TerminusIndicatorStatus>;

/**
 * A terminus-style indicator call, as you would pass it to terminus' `HealthCheckService.check([...])`:
 * `() => this.memory.checkHeap('memory_heap', 150 * 2 ** 20)`. It may also return a whole
 * `HealthCheckService.check([...])`, whose `{ status, details }` result is read the same way.
 */
export type TerminusIndicatorFunction = () => unknown;

type Entries = [string, TerminusIndicatorStatus][];

/**
 * Runs a terminus indicator and answers as a check does here: UP when every key is `up` (or
 * `degraded`, which terminus counts as passing; it shows as `terminusStatus: 'degraded'`), DOWN with
 * the indicator's details otherwise. The details are the key's fields without `status` (keyed by
 * name when the indicator reports several keys). What terminus throws is understood too: the
 * `HealthCheckError` of terminus 10 and earlier (its `causes`) and the `ServiceUnavailableException`
 * of `HealthCheckService.check()` (its response's `error` or `details`); anything else thrown is
 * DOWN with its message. @nestjs/terminus is never imported: the shapes are recognised as they are.
 */
export async function runTerminusIndicator(indicator: TerminusIndicatorFunction): Promise<HealthCheckReturn> {
  let result: unknown;
  try {
    result = await indicator();
  } catch (error) {
    const thrown = thrownCauses(error);
    if (!thrown) throw error;
    throw new HealthError(failureMessage(thrown.entries, thrown.message), detailsOf(thrown.entries));
  }
  const entries = entriesOf(unwrapCheckResult(result));
  if (!entries) throw new Error(messages.terminusUnsupportedResult(result));
  if (!entries.every(([, value]) => passing(value))) {
    throw new HealthError(failureMessage(entries), detailsOf(entries));
  }
  return { status: 'UP', details: detailsOf(entries) };
}

/**
 * A check registration (for the `checks` option or `HealthRegistry.register()`) that runs a terminus
 * indicator: `terminusCheck('memory_heap', () => memory.checkHeap('memory_heap', limit), { groups: ['liveness'] })`.
 */
export function terminusCheck(name: string, indicator: TerminusIndicatorFunction, options: HealthCheckOptions = {}): HealthCheckRegistration {
  if (typeof indicator !== 'function') throw new TypeError(messages.terminusNotAFunction(name));
  return { ...options, name, check: () => runTerminusIndicator(indicator) };
}

/** `HealthCheckService.check()`'s `{ status: 'ok' | ..., details }` becomes its `details`. */
function unwrapCheckResult(result: unknown): unknown {
  const candidate = result as { status?: unknown; details?: unknown } | null;
  if (candidate && typeof candidate.status === 'string' && typeof candidate.details === 'object' && candidate.details !== null) {
    return candidate.details;
  }
  return result;
}

function entriesOf(result: unknown): Entries | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const entries = Object.entries(result as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  const valid = entries.every(([, value]) => typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'string');
  return valid ? (entries as Entries) : undefined;
}

/**
 * The per-key results carried by what terminus throws (and, for a HealthCheckError, its message:
 * the exception's own is only 'Service Unavailable'), or undefined for any other error.
 */
function thrownCauses(error: unknown): { entries: Entries; message?: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shaped = error as { causes?: unknown; message?: unknown; getResponse?: () => unknown; response?: unknown };
  if (shaped.causes !== undefined) {
    const entries = entriesOf(shaped.causes);
    return entries && { entries, message: typeof shaped.message === 'string' ? shaped.message : undefined };
  }
  const response = (typeof shaped.getResponse === 'function' ? shaped.getResponse() : shaped.response) as { error?: unknown; details?: unknown } | undefined;
  if (typeof response !== 'object' || response === null) return undefined;
  const entries = entriesOf(response.error) ?? entriesOf(response.details);
  return entries && { entries };
}

function failureMessage(entries: Entries, thrownMessage?: string): string {
  const down = entries.filter(([, value]) => !passing(value));
  if (down.length === 1 && typeof down[0]![1].message === 'string') return down[0]![1].message;
  if (thrownMessage) return thrownMessage;
  return messages.terminusDown((down.length > 0 ? down : entries).map(([key]) => key));
}

/** Terminus counts `degraded` as passing. */
function passing(value: TerminusIndicatorStatus): boolean {
  return value.status === 'up' || value.status === 'degraded';
}

/** A single key's fields without `status` (and without a failure's `message`, which becomes the reason). */
function detailsOf(entries: Entries): Record<string, unknown> {
  const strip = ({ status, ...details }: TerminusIndicatorStatus): Record<string, unknown> =>
    status === 'up' || status === 'down' ? details : { ...details, terminusStatus: status };
  if (entries.length === 1) {
    const { message, ...details } = strip(entries[0]![1]);
    return passing(entries[0]![1]) || typeof message !== 'string' ? strip(entries[0]![1]) : details;
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, { status: value.status, ...strip(value) }]));
}
