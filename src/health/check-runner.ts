import { Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { messages } from '../messages.js';
import { down, outcomeOfError, outcomeOfReturn } from './check-result.js';
import type { CheckResult } from './check-result.js';
import type { RegisteredCheck } from './health.registry.js';
import { StatusChangeLogger } from './status-change.logger.js';
import { applyThresholds } from './thresholds.js';
import type { Streak } from './thresholds.js';

interface CheckState {
  /** State of the group-specific checks, by group. */
  variants?: Map<string, CheckState>;
  cached?: CheckResult;
  /** The latest result, cached or not. */
  latest?: CheckResult;
  /** `performance.now()` after which `cached` is stale. */
  expiresAt: number;
  inFlight?: Promise<CheckResult>;
  /** When an execution that outlived its timeout started; cleared once it finally settles. */
  overrunSince?: number;
  /** Failed or successful results in a row, for the check's thresholds. */
  streak?: Streak;
}

/**
 * How a result came about: the check settled (`completed`), outlived its timeout (`timed-out`),
 * or was not started because an execution that timed out is still running (`still-running`).
 */
export type ResultKind = 'completed' | 'timed-out' | 'still-running';

/**
 * Called with every fresh result: `group` names the group-specific check it came from, if any;
 * `result` is what is reported (after the failure and success thresholds), `execution` what the
 * execution itself gave.
 */
export type ResultListener = (
  check: RegisteredCheck,
  group: string | undefined,
  result: CheckResult,
  kind: ResultKind,
  execution: CheckResult,
) => void;

/** Results of executions that outlived their timeout. */
const timedOutResults = new WeakSet<CheckResult>();

/**
 * Runs one check at a time, safely: the one place that knows about time. A result is reused
 * until its TTL runs out; while an execution is under way every caller shares it (single-flight);
 * an execution that outlives its timeout is DOWN, and its AbortSignal is aborted. Until such an
 * execution finally settles, the check is not started again: it answers DOWN ("previous
 * execution still running") at once, so a check that ignores its signal cannot pile up.
 *
 * A check with an `interval` runs in the background on that interval, once the application has
 * started; requests then read its latest result, however old. It never runs twice at once.
 *
 * `run()` answers synchronously when a fresh result is cached, so a probe that hits the cache
 * awaits nothing.
 *
 * Every fresh result passes the check's failure and success thresholds (`thresholds.ts`) before
 * it is kept: what `run()`, `latest()` and the listeners see is the thresholded result, so every
 * reader agrees on a check's status. Its TTL follows the execution's own outcome, so a check that
 * has started failing is tried again on the failure TTL even while its reported status holds.
 *
 * Everything kept per check (results, cache, in-flight execution, streaks, background timer)
 * lives here, in one record per check object: `forget()`, called when the registry removes the
 * check, ends all of it.
 */
@Injectable()
export class CheckRunner implements OnApplicationShutdown {
  private readonly states = new WeakMap<RegisteredCheck, CheckState>();
  private readonly listeners = new Set<ResultListener>();
  private readonly background = new Map<RegisteredCheck, NodeJS.Timeout>();
  private backgroundStarted = false;

  constructor(private readonly statusLog: StatusChangeLogger) {}

  /** Runs `check` as evaluated for `group` (its group-specific check, if it has one). */
  run(check: RegisteredCheck, group?: string): CheckResult | Promise<CheckResult> {
    const variant = variantOf(check, group);
    const state = this.stateOf(check, variant);
    if (state.cached && performance.now() < state.expiresAt) return state.cached;
    return this.start(check, variant, state);
  }

  /** The latest result of `check` for `group`, however old; undefined before its first. Runs nothing. */
  latest(check: RegisteredCheck, group?: string): CheckResult | undefined {
    return this.existingState(check, group)?.latest;
  }

  /** When the result `run(check, group)` would reuse goes stale (`performance.now()` time); 0 when there is none. */
  freshUntil(check: RegisteredCheck, group?: string): number {
    const state = this.existingState(check, group);
    return state?.latest ? state.expiresAt : 0;
  }

  /** Calls `listener` with every fresh result; returns a function that stops it. */
  onResult(listener: ResultListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the background runs of every check with an interval, and of those added later. */
  startBackground(checks: readonly RegisteredCheck[]): void {
    this.backgroundStarted = true;
    for (const check of checks) this.schedule(check);
  }

  /** Runs `check` on its interval from now on, if it has one and background runs have started. */
  schedule(check: RegisteredCheck): void {
    if (!this.backgroundStarted || check.interval === undefined || this.background.has(check)) return;
    // The check itself, and its group-specific checks for the groups it belongs to.
    const variants = [undefined, ...[...check.groupChecks.keys()].filter((group) => check.groups.has(group))];
    const tick = () => {
      for (const variant of variants) {
        const state = this.stateOf(check, variant);
        if (!state.inFlight) void this.start(check, variant, state);
      }
    };
    tick();
    const timer = setInterval(tick, check.interval);
    timer.unref();
    this.background.set(check, timer);
  }

  /** Forgets `check`: stops its background runs and drops its cached result. */
  forget(check: RegisteredCheck): void {
    clearInterval(this.background.get(check));
    this.background.delete(check);
    this.states.delete(check);
  }

  onApplicationShutdown(): void {
    for (const timer of this.background.values()) clearInterval(timer);
    this.background.clear();
    this.backgroundStarted = false;
  }

  private start(check: RegisteredCheck, variant: string | undefined, state: CheckState): CheckResult | Promise<CheckResult> {
    if (state.inFlight) return state.inFlight;
    if (state.overrunSince !== undefined) return this.store(check, variant, state, stillRunning(state.overrunSince), 'still-running');
    const run = variant === undefined ? check.check : check.groupChecks.get(variant)!;
    state.inFlight = this.execute(check, run, state).then((result) => {
      state.inFlight = undefined;
      // A check removed while it ran: its late result belongs to nobody.
      if (this.states.get(check) === undefined) return result;
      return this.store(check, variant, state, result, timedOutResults.has(result) ? 'timed-out' : 'completed');
    });
    return state.inFlight;
  }

  /** Keeps `execution`'s thresholded result as the latest (and, within its TTL, the cached) answer, reports it and returns it. */
  private store(check: RegisteredCheck, variant: string | undefined, state: CheckState, execution: CheckResult, kind: ResultKind): CheckResult {
    const previous = state.latest;
    const result = applyThresholds(execution, previous, (state.streak ??= { failures: 0, successes: 0 }), check);
    const ttl = check.interval !== undefined ? Infinity : execution.status === 'UP' ? check.ttl.up : check.ttl.down;
    state.cached = ttl > 0 ? result : undefined;
    state.expiresAt = performance.now() + ttl;
    state.latest = result;
    this.statusLog.record(check, variant, previous?.status, result);
    for (const listener of this.listeners) listener(check, variant, result, kind, execution);
    return result;
  }

  /** The state `run(check, group)` uses, without creating it. */
  private existingState(check: RegisteredCheck, group: string | undefined): CheckState | undefined {
    const variant = variantOf(check, group);
    const state = this.states.get(check);
    return variant === undefined ? state : state?.variants?.get(variant);
  }

  private stateOf(check: RegisteredCheck, variant: string | undefined): CheckState {
    let state = this.states.get(check);
    if (!state) {
      state = { expiresAt: 0 };
      this.states.set(check, state);
    }
    if (variant === undefined) return state;
    state.variants ??= new Map();
    let variantState = state.variants.get(variant);
    if (!variantState) {
      variantState = { expiresAt: 0 };
      state.variants.set(variant, variantState);
    }
    return variantState;
  }

  private execute(check: RegisteredCheck, run: RegisteredCheck['check'], state: CheckState): Promise<CheckResult> {
    const checkedAt = new Date().toISOString();
    const started = performance.now();
    const controller = new AbortController();
    const finish = (outcome: Pick<CheckResult, 'status' | 'details'>): CheckResult => ({
      ...outcome,
      checkedAt,
      durationMs: Math.round(performance.now() - started),
    });
    return new Promise<CheckResult>((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        state.overrunSince = started;
        const reason = messages.checkTimedOut(check.timeout);
        controller.abort(new Error(reason));
        const result = finish(down(reason, { timeoutMs: check.timeout }));
        timedOutResults.add(result);
        resolve(result);
      }, check.timeout);
      const settle = (outcome: Pick<CheckResult, 'status' | 'details'>): void => {
        clearTimeout(timer);
        if (timedOut && state.overrunSince === started) state.overrunSince = undefined;
        resolve(finish(outcome));
      };
      try {
        Promise.resolve(run(controller.signal)).then(
          (value) => settle(outcomeOfReturn(value)),
          (error: unknown) => settle(outcomeOfError(error)),
        );
      } catch (error) {
        settle(outcomeOfError(error));
      }
    });
  }
}

function variantOf(check: RegisteredCheck, group: string | undefined): string | undefined {
  return group !== undefined && check.groupChecks.has(group) ? group : undefined;
}

/** The answer while an execution that timed out is still running. */
function stillRunning(since: number): CheckResult {
  const runningForMs = Math.round(performance.now() - since);
  return { ...down(messages.previousExecutionRunning(runningForMs), { runningForMs }), checkedAt: new Date().toISOString(), durationMs: 0 };
}
