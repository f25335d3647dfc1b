/**
 * The main thread's heartbeat, shared with the probe worker through a SharedArrayBuffer: when it
 * last made progress, and the event-loop delay it last measured. Both threads read one clock:
 * `performance.timeOrigin + performance.now()`, monotonic within a thread and comparable across.
 */

const LAST_BEAT = 0;
const LOOP_DELAY = 1;
const SLOTS = 2;

export function sharedClock(): number {
  return Math.round(performance.timeOrigin + performance.now());
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

  /** Records progress now, with the loop delay measured since the last beat. */
  beat(loopDelay: number): void {
    Atomics.store(this.slots, LOOP_DELAY, BigInt(Math.max(0, Math.round(loopDelay))));
    Atomics.store(this.slots, LAST_BEAT, BigInt(sharedClock()));
  }

  /** Milliseconds since the main thread last made progress. */
  silence(now = sharedClock()): number {
    return now - Number(Atomics.load(this.slots, LAST_BEAT));
  }

  /** The loop delay the main thread last reported, in milliseconds. */
  loopDelay(): number {
    return Number(Atomics.load(this.slots, LOOP_DELAY));
  }
}
