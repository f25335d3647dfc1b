import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** One probe: how long it took (the timeout, if it timed out) and whether it counted as a success. */
export interface ProbeSample {
  milliseconds: number;
  ok: boolean;
  timedOut: boolean;
}

/**
 * Probes one URL the way the kubelet does: a fresh connection per probe (`Connection: close`), a
 * timeout after which the probe fails and its connection is dropped, success only for a 200, and
 * one probe at a time on a fixed period (a probe that overruns its period is followed at once,
 * like a Go ticker that drops ticks).
 */
export class Prober {
  private readonly samples: ProbeSample[] = [];
  private readonly stopping = new AbortController();
  private readonly loop: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly periodMs: number,
    private readonly timeoutMs: number,
  ) {
    this.loop = this.run();
  }

  /** Stops probing, waits for the probe in flight, and returns every probe taken. */
  async stop(): Promise<ProbeSample[]> {
    this.stopping.abort();
    await this.loop;
    return this.samples;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const started = performance.now();
      this.samples.push(await probe(this.url, this.timeoutMs));
      const wait = started + this.periodMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => {});
    }
  }
}

/** One GET of `url` on a connection of its own, failed after `timeoutMs`. */
export function probe(url: string, timeoutMs: number): Promise<ProbeSample> {
  return new Promise((resolve) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      finish(false, true);
      request.destroy();
    }, timeoutMs);
    let settled = false;
    const finish = (ok: boolean, timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ milliseconds: timedOut ? timeoutMs : performance.now() - started, ok, timedOut });
    };
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => finish(response.statusCode === 200));
      response.once('error', () => finish(false));
    });
    request.once('error', () => finish(false));
  });
}
