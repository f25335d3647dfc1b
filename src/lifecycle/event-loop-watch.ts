import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { BEAT_INTERVAL, createHeartbeat, Heartbeat, sharedClock } from '../probe-worker/heartbeat.js';
import { ApplicationAvailability } from './application-availability.js';
import { LoadShedder } from './load-shedder.js';

/** Beats whose delays the worker sees, as their maximum: about the last second. */
const RECENT_BEATS = 10;

/**
 * Watches the main event loop from inside it: a timer beats every 100 ms into a SharedArrayBuffer
 * the probe worker reads (no beat for `stallLimit` means the loop is stuck), and how late each beat
 * comes is the loop's delay, which drives load shedding. Runs only when the worker or load
 * shedding needs it; the timer never keeps the process alive.
 */
@Injectable()
export class EventLoopWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The heartbeat shared with the probe worker. */
  readonly buffer = createHeartbeat();
  private readonly heartbeat = new Heartbeat(this.buffer);
  private readonly shedder?: LoadShedder;
  private timer?: NodeJS.Timeout;
  private expected = 0;
  /** How late each of the last second's beats came, newest last. */
  private readonly recentDelays: number[] = [];

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    availability: ApplicationAvailability,
  ) {
    const shedding = options.probes.loadShedding;
    if (shedding) this.shedder = new LoadShedder(shedding, availability);
  }

  onApplicationBootstrap(): void {
    if (!this.options.probes.worker && !this.shedder) return;
    this.expected = performance.now();
    this.beat();
    this.timer = setInterval(() => this.beat(), BEAT_INTERVAL);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Tells the probe worker that the main thread will block on purpose for up to `milliseconds`
   * (a requested heap snapshot), so liveness stays UP and forwarded requests keep waiting; call
   * the returned function when the pause is over. The pause is not counted as loop delay either,
   * so load shedding does not refuse traffic for it afterwards.
   */
  expectPause(milliseconds: number): () => void {
    this.heartbeat.expectPause(sharedClock() + milliseconds);
    return () => {
      this.heartbeat.pauseOver();
      this.expected = performance.now() + BEAT_INTERVAL;
    };
  }

  private beat(): void {
    const now = performance.now();
    const delay = Math.max(0, now - this.expected);
    this.expected = now + BEAT_INTERVAL;
    this.recentDelays.push(delay);
    if (this.recentDelays.length > RECENT_BEATS) this.recentDelays.shift();
    this.heartbeat.beat(Math.max(...this.recentDelays));
    this.shedder?.observe(delay, now);
  }
}
