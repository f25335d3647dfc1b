import { HealthError } from '../../health/health-error.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import type { ClientSource } from './client-source.js';
import { currentClient } from './client-source.js';
import { elapsedSince, reasonOf } from './indicator-registration.js';
import { messages } from '../../messages.js';
import { OneProbeAtATime } from './one-probe-at-a-time.js';
import { optionalLimit } from './limits.js';

/** Options every database and broker indicator takes. */
export interface DriverIndicatorOptions {
  /**
   * Milliseconds above which an answer counts as too slow (DOWN, with the latency and this limit).
   * Default none: only the check's `timeout` applies.
   */
  maxLatencyMs?: number;
}

/** What one round trip observed, shown next to `latencyMs`. */
export type Observed = Record<string, unknown> | void;

/**
 * A check that makes one round trip over a client the application already has. It reports
 * `latencyMs` (and whatever the round trip observed); a failure is a `HealthError` with the
 * driver's reason and `latencyMs`. At most one round trip is outstanding per indicator.
 */
export abstract class DriverHealthIndicator<Client extends object> implements HealthIndicator {
  /** What the health+json format calls it: a database by default, a broker says `component`. */
  readonly componentType: string = 'datastore';

  private readonly probes = new OneProbeAtATime<Record<string, unknown>>();
  private readonly maxLatencyMs: number | undefined;

  protected constructor(
    private readonly source: ClientSource<Client>,
    label: string,
    options: DriverIndicatorOptions = {},
  ) {
    this.maxLatencyMs = optionalLimit(label, 'maxLatencyMs', options.maxLatencyMs, 'positive');
  }

  async check(signal?: AbortSignal): Promise<HealthCheckReturn> {
    const details = await this.probes.run(() => this.measure(signal));
    if (this.maxLatencyMs !== undefined && (details.latencyMs as number) > this.maxLatencyMs) {
      throw new HealthError(messages.tooSlow(details.latencyMs as number, this.maxLatencyMs), details);
    }
    return { details };
  }

  /** One round trip over `client`; throws (or rejects) when it failed. */
  protected abstract roundTrip(client: Client, signal: AbortSignal | undefined): Promise<Observed>;

  private async measure(signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    const started = performance.now();
    try {
      const observed = await this.roundTrip(await currentClient(this.source), signal);
      return { ...observed, latencyMs: elapsedSince(started), ...this.limitDetails() };
    } catch (error) {
      const latency = { latencyMs: elapsedSince(started), ...this.limitDetails() };
      if (error instanceof HealthError) throw new HealthError(error.message, { ...error.details, ...latency });
      throw new HealthError(reasonOf(error), latency);
    }
  }

  private limitDetails(): Record<string, number> {
    return this.maxLatencyMs === undefined ? {} : { maxLatencyMs: this.maxLatencyMs };
  }
}
