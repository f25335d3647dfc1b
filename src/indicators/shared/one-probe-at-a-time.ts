/**
 * Keeps at most one probe outstanding against a connection. A probe asked for while the previous
 * one is still pending joins it instead of sending another request, so a stalled connection holds
 * one pending request, never an ever-growing queue. The runner's timeout still reports DOWN on
 * time; the joined request settles whenever the driver finally gives up.
 */
export class OneProbeAtATime<T> {
  private pending: Promise<T> | undefined;

  run(probe: () => Promise<T>): Promise<T> {
    if (this.pending) return this.pending;
    const current = Promise.resolve().then(probe);
    this.pending = current;
    const clear = (): void => {
      if (this.pending === current) this.pending = undefined;
    };
    current.then(clear, clear);
    return current;
  }

  /** Whether a probe is outstanding right now. */
  get busy(): boolean {
    return this.pending !== undefined;
  }
}
