import { Inject, Injectable } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../../management.constants.js';
import type { ResolvedManagementOptions } from '../../management.options.js';
import { fleetQueries } from './fleet-queries.js';
import type { FleetQueries } from './fleet-queries.js';
import { fleetView, unreachableView } from './fleet-view.js';
import type { FleetAnswers, FleetView } from './fleet-view.js';
import { instantQuery, PrometheusUnavailable } from './prometheus-query.client.js';
import { failureReason } from '../../outbound/outbound-request.js';
import { fleetMessages } from './fleet.messages.js';

/**
 * Reads the fleet from Prometheus, from the server side (the browser never talks to Prometheus):
 * one round of queries at a time, its answer reused for `fleet.refreshInterval` however many
 * viewers poll. An answer that failed is reused likewise, so an unreachable Prometheus is not
 * asked again by every page.
 */
@Injectable()
export class FleetReader {
  private latest?: { view: FleetView; expiresAt: number };
  private inFlight?: Promise<FleetView>;

  constructor(@Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions) {}

  /** Whether the fleet view is configured. */
  get enabled(): boolean {
    return this.options.dashboard.fleet !== undefined;
  }

  read(): Promise<FleetView> {
    if (this.latest && performance.now() < this.latest.expiresAt) return Promise.resolve(this.latest.view);
    this.inFlight ??= this.query().then((view) => {
      this.latest = { view, expiresAt: performance.now() + this.options.dashboard.fleet!.refreshInterval };
      this.inFlight = undefined;
      return view;
    });
    return this.inFlight;
  }

  private async query(): Promise<FleetView> {
    const fleet = this.options.dashboard.fleet!;
    const queries = fleetQueries(fleet, fleet.prefix ?? this.options.prometheus.prefix);
    const names = Object.keys(queries) as (keyof FleetQueries)[];
    // Every query settles (each within the timeout) before the next round can start.
    const results = await Promise.allSettled(names.map((name) => instantQuery(fleet, queries[name])));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      const error: unknown = failure.reason;
      const message = error instanceof PrometheusUnavailable ? error.message : fleetMessages.unreachable(failureReason(error));
      return unreachableView(message, new Date(), fleet.refreshInterval);
    }
    const answers = Object.fromEntries(names.map((name, index) => [name, (results[index] as PromiseFulfilledResult<unknown>).value])) as unknown as FleetAnswers;
    return fleetView(answers, fleet.jobs, new Date(), fleet.refreshInterval);
  }
}
