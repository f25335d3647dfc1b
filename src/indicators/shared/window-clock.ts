/**
 * Calls `rotate` every `windowMs` on an unref'd timer, so a process monitor keeps its figures per
 * window without keeping the process alive. `stop()` ends it; calling it twice is harmless.
 */
export class WindowClock {
  private timer: NodeJS.Timeout | undefined;

  constructor(windowMs: number, rotate: () => void) {
    this.timer = setInterval(rotate, windowMs);
    this.timer.unref();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
