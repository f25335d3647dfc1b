/**
 * The main thread's heartbeat, shared with the probe worker through a SharedArrayBuffer: when it
 * last made progress, and how late its recent beats came (the event loop's delay). Both threads read the
 * process's monotonic clock (`process.hrtime`), which a change of the wall clock cannot move.
 */

/** Milliseconds between beats. */
export const BEAT_INTERVAL = 100;

const LAST_BEAT = 0;
const LOOP_DELAY = 1;
/** Until when (shared clock) the main thread has announced a pause, e.g. a requested heap snapshot; 0: none. */
const PAUSED_UNTIL = 2;
const SLOTS = 3;

/** Milliseconds on the process's monotonic clock, the same in every thread. */
export function sharedClock(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

/**
 * A `performance.now()` deadline of this thread on the shared clock the worker reads, rounded up
 * so the worker never finds it past before this thread does; null for Infinity (never).
 */
export function onSharedClock(deadline: number): number | null {
  return deadline === Infinity ? null : sharedClock() + Math.ceil(deadline - performance.now());
}

export function createHeartbeat(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
  Atomics.store(new BigInt64Array(buffer), LAST_BEAT, BigInt(sharedClock()));
  return buffer;
}

/** A view of the heartbeat: the main thread writes it, the worker reads it. */
export class Heartbeat {
  private readonly slots: BigInt64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new BigInt64Array(buffer);
  }

  /** Records progress now, with the largest delay (milliseconds) of the beats of about the last second. */
  beat(loopDelay: number): void {
    Atomics.store(this.slots, LOOP_DELAY, BigInt(Math.max(0, Math.round(loopDelay))));
    Atomics.store(this.slots, LAST_BEAT, BigInt(sharedClock()));
  }

  /**
   * Announces that the main thread is about to stop beating on purpose until `until` (shared
   * clock): a pause the application asked for (a heap snapshot) is not a stall. Written before the
   * pause begins, so the worker reads it without the main thread answering anything.
   */
  expectPause(until: number): void {
    Atomics.store(this.slots, PAUSED_UNTIL, BigInt(Math.round(until)));
  }

  /** The announced pause is over: a beat now, and the usual rule from here on. */
  pauseOver(): void {
    Atomics.store(this.slots, PAUSED_UNTIL, 0n);
    Atomics.store(this.slots, LAST_BEAT, BigInt(sharedClock()));
  }

  /** Whether an announced pause is under way (its time not yet up). */
  pausing(now = sharedClock()): boolean {
    return now < Number(Atomics.load(this.slots, PAUSED_UNTIL));
  }

  /**
   * Milliseconds the main thread is overdue: time since its last beat, or since the end of an
   * announced pause, beyond the beat interval. An idle loop is at 0; a loop stuck for 3 s is at
   * about 2,900; a loop inside an announced pause is at 0 until the announced time is up.
   */
  overdue(now = sharedClock()): number {
    const since = Math.max(Number(Atomics.load(this.slots, LAST_BEAT)), Number(Atomics.load(this.slots, PAUSED_UNTIL)));
    return Math.max(0, now - since - BEAT_INTERVAL);
  }

  /** The largest delay of the main thread's beats over about the last second, in milliseconds. */
  loopDelay(): number {
    return Number(Atomics.load(this.slots, LOOP_DELAY));
  }
}
