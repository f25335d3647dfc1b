import { Injectable } from '@nestjs/common';
import { messages } from '../messages.js';
import { down, outcomeOfError, outcomeOfReturn } from './check-result.js';
import type { CheckResult } from './check-result.js';
import type { RegisteredCheck } from './health.registry.js';
import { StatusChangeLogger } from './status-change.logger.js';

interface CheckState {
  /** State of the group-specific checks, by group. */
  variants?: Map<string, CheckState>;
  cached?: CheckResult;
  /** `performance.now()` after which `cached` is stale. */
  expiresAt: number;
  inFlight?: Promise<CheckResult>;
}

/**
 * Runs one check at a time, safely: the one place that knows about time. A result is reused
 * until its TTL runs out; while an execution is under way every caller shares it (single-flight);
 * an execution that outlives its timeout is DOWN, and its AbortSignal is aborted.
 *
 * `run()` answers synchronously when a fresh result is cached, so a probe that hits the cache
 * awaits nothing.
 */
@Injectable()
export class CheckRunner {
  private readonly states = new WeakMap<RegisteredCheck, CheckState>();

  constructor(private readonly statusLog: StatusChangeLogger) {}

  /** Runs `check` as evaluated for `group` (its group-specific check, if it has one). */
  run(check: RegisteredCheck, group?: string): CheckResult | Promise<CheckResult> {
    const groupCheck = group === undefined ? undefined : check.groupChecks.get(group);
    const variant = groupCheck && group;
    const state = this.stateOf(check, variant);
    if (state.cached && performance.now() < state.expiresAt) return state.cached;
    if (state.inFlight) return state.inFlight;
    const current = state;
    current.inFlight = this.execute(check, groupCheck ?? check.check).then((result) => {
      current.inFlight = undefined;
      this.statusLog.record(check.name, variant, result);
      const ttl = result.status === 'UP' ? check.ttl.up : check.ttl.down;
      current.cached = ttl > 0 ? result : undefined;
      current.expiresAt = performance.now() + ttl;
      return result;
    });
    return current.inFlight;
  }

  /** Forgets the cached result of `check`, so the next request runs it again. */
  invalidate(check: RegisteredCheck): void {
    this.states.delete(check);
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

  private execute(check: RegisteredCheck, run: RegisteredCheck['check']): Promise<CheckResult> {
    const checkedAt = new Date().toISOString();
    const started = performance.now();
    const controller = new AbortController();
    const finish = (outcome: Pick<CheckResult, 'status' | 'details'>): CheckResult => ({
      ...outcome,
      checkedAt,
      durationMs: Math.round(performance.now() - started),
    });
    return new Promise<CheckResult>((resolve) => {
      const timer = setTimeout(() => {
        const reason = messages.checkTimedOut(check.timeout);
        controller.abort(new Error(reason));
        resolve(finish(down(reason, { timeoutMs: check.timeout })));
      }, check.timeout);
      const settle = (outcome: Pick<CheckResult, 'status' | 'details'>): void => {
        clearTimeout(timer);
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
