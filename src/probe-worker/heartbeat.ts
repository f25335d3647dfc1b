/**
 * The main thread's heartbeat, shared with the probe worker through a SharedArrayBuffer: when it
 * last made progress, and how late its recent beats came (the event loop's delay). Both threads read the
 * process's monotonic clock (`process.hrtime`), which a change of the wall clock cannot move.
 */

/** Milliseconds between beats. */
export const BEAT_INTERVAL = 100;

const LAST_BEAT = 0;
const LOOP_DELAY = 1;
const SLOTS = 2;

/** Milliseconds on the process's monotonic clock, the same in every thread. */
export function sharedClock(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
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
   * Milliseconds the main thread is overdue: time since its last beat beyond the beat interval.
   * An idle loop is at 0; a loop stuck for 3 s is at about 2,900.
   */
  overdue(now = sharedClock()): number {
    return Math.max(0, now - Number(Atomics.load(this.slots, LAST_BEAT)) - BEAT_INTERVAL);
  }

  /** The largest delay of the main thread's beats over about the last second, in milliseconds. */
  loopDelay(): number {
    return Number(Atomics.load(this.slots, LOOP_DELAY));
  }
}
