import { sharedClock } from './heartbeat.js';

/** A refresh asked for and not answered within this is asked for again. */
const RETRY = 1_000;

/**
 * Stale while revalidating, on the worker's side: once a published answer's time is up, asks the
 * main thread for a fresh one (through `ask`), once at a time per key, and again if none came
 * within a second. The HTTP probes and the gRPC health port keep one each.
 */
export class StaleRefreshes<Key> {
  private readonly asked = new Map<Key, number>();

  constructor(private readonly ask: (key: Key) => void) {}

  /** Whether an answer fresh until `freshUntil` (shared clock; null: never stale) is stale; if so, its refresh is asked for. */
  check(key: Key, freshUntil: number | null, now = sharedClock()): boolean {
    if (freshUntil === null || now < freshUntil) return false;
    const askedAt = this.asked.get(key);
    if (askedAt === undefined || now - askedAt > RETRY) {
      this.asked.set(key, now);
      this.ask(key);
    }
    return true;
  }

  /** A new answer for `key` arrived: a later staleness asks again at once. */
  answered(key: Key): void {
    this.asked.delete(key);
  }
}
