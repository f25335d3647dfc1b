import type { ResolvedLoadShedding } from './probes.options.js';
import type { ApplicationAvailability } from './application-availability.js';

/**
 * Takes readiness out of service while the event loop is overloaded, with hysteresis: it turns
 * OUT_OF_SERVICE when a delay exceeds `maxDelay`, and back only after the delay has stayed below
 * `recoverBelow` for `recoverAfter` milliseconds, so a loop hovering at the limit does not flap.
 */
export class LoadShedder {
  private shedding = false;
  private calmSince: number | undefined;

  constructor(
    private readonly limits: ResolvedLoadShedding,
    private readonly availability: ApplicationAvailability,
  ) {}

  /** Records one measured loop delay (milliseconds) taken at `now` (`performance.now()`). */
  observe(delay: number, now: number): void {
    if (delay > this.limits.maxDelay) {
      this.calmSince = undefined;
      if (!this.shedding) {
        this.shedding = true;
        this.availability.markOverloaded(`event-loop delay ${Math.round(delay)} ms is over the limit of ${this.limits.maxDelay} ms`);
      }
      return;
    }
    if (!this.shedding) return;
    if (delay >= this.limits.recoverBelow) {
      this.calmSince = undefined;
      return;
    }
    this.calmSince ??= now;
    if (now - this.calmSince >= this.limits.recoverAfter) {
      this.shedding = false;
      this.calmSince = undefined;
      this.availability.markRecovered();
    }
  }
}
