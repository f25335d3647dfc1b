import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixed } from './scenario.js';
import { percentile } from './stats.js';

/** One probe: how long it took (the timeout, if it timed out) and whether it counted as a success. */
export interface ProbeSample {
  milliseconds: number;
  ok: boolean;
  timedOut: boolean;
}

/**
 * Probes the way the kubelet does: `take` is one probe on a fresh connection (`httpProbe` for a
 * URL, `grpcProbe` in grpc-prober.ts for a gRPC health service), failed after its timeout; one
 * probe at a time on a fixed period (a probe that overruns its period is followed at once, like a
 * Go ticker that drops ticks).
 */
export class Prober {
  private readonly samples: ProbeSample[] = [];
  private readonly stopping = new AbortController();
  private readonly loop: Promise<void>;

  constructor(
    private readonly take: () => Promise<ProbeSample>,
    private readonly periodMs: number,
  ) {
    this.loop = this.run();
  }

  /** Probes `url` with a GET (success only for a 200), failed after `timeoutMs`. */
  static http(url: string, periodMs: number, timeoutMs: number): Prober {
    return new Prober(() => probe(url, timeoutMs), periodMs);
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
      this.samples.push(await this.take());
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

/** "failed / taken", with how many of the failures timed out. */
export function failures(samples: ProbeSample[]): string {
  const failed = samples.filter((sample) => !sample.ok).length;
  const timedOut = samples.filter((sample) => sample.timedOut).length;
  return `${failed} / ${samples.length}${timedOut > 0 ? ` (${timedOut} timed out)` : ''}`;
}

/** "p50 / p99 / max" in milliseconds, a timed-out probe shown as at least `timeoutMs`. */
export function latencies(samples: ProbeSample[], timeoutMs: number): string {
  const times = samples.map((sample) => sample.milliseconds);
  const shown = (value: number) => (value >= timeoutMs ? `≥${timeoutMs}` : fixed(value, 1));
  return [0.5, 0.99, 1].map((fraction) => shown(percentile(times, fraction))).join(' / ');
}
