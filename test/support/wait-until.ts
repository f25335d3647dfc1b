import { setTimeout as sleep } from 'node:timers/promises';

/** How long `waitUntil` keeps trying and how often. */
export interface WaitOptions {
  /** Milliseconds before giving up. Default 10 000: generous, so a loaded CI machine does not flake. */
  readonly deadline?: number;
  /** Milliseconds between attempts. Default 25. */
  readonly every?: number;
}

/**
 * Calls `attempt` until `done` accepts what it returned, and returns that value. Throws, naming
 * `what` and the last value seen, once `deadline` has passed: a condition that is only ever
 * "eventually" true is asserted this way, never with a fixed sleep.
 */
export async function waitUntil<T>(what: string, attempt: () => Promise<T>, done: (value: T) => boolean, options: WaitOptions = {}): Promise<T> {
  const { deadline = 10_000, every = 25 } = options;
  const giveUp = performance.now() + deadline;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await attempt();
      failure = undefined;
      if (done(last)) return last;
    } catch (error) {
      failure = error;
    }
    if (performance.now() >= giveUp) break;
    await sleep(every);
  }
  const seen = failure === undefined ? JSON.stringify(last) : String(failure);
  throw new Error(`Gave up after ${deadline} ms waiting until ${what}; last seen: ${seen}`);
}
