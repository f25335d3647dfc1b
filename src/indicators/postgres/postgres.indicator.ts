import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions, Observed } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';

/** What the indicator calls on a `pg` `Pool` or `Client` (or anything with the same `query`). */
export interface PostgresClient {
  query(text: string): Promise<unknown>;
  /** Present on a `pg` `Pool`; reported as observed values. */
  readonly totalCount?: number;
  readonly idleCount?: number;
  readonly waitingCount?: number;
}

export interface PostgresIndicatorOptions extends DriverIndicatorOptions {
  /** The statement each probe runs. Default `'SELECT 1'`. */
  query?: string;
}

/**
 * PostgreSQL over the application's `pg` `Pool` or `Client`: runs `query` (default `SELECT 1`).
 * A pool reports its connection counts. A pool opens a connection only if it has none idle.
 */
export class PostgresHealthIndicator extends DriverHealthIndicator<PostgresClient> {
  private readonly query: string;

  constructor(client: ClientSource<PostgresClient>, options: PostgresIndicatorOptions = {}) {
    super(client, 'PostgreSQL health indicator', options);
    this.query = options.query ?? 'SELECT 1';
  }

  protected async roundTrip(client: PostgresClient): Promise<Observed> {
    await client.query(this.query);
    if (typeof client.totalCount !== 'number') return undefined;
    return { totalConnections: client.totalCount, idleConnections: client.idleCount, waitingRequests: client.waitingCount };
  }
}

/** `postgresCheck('db', pool, { timeout: 300 })`: a registration for the `checks` option. */
export function postgresCheck(
  name: string,
  client: ClientSource<PostgresClient>,
  options: PostgresIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<PostgresHealthIndicator> {
  return registrationOf(name, new PostgresHealthIndicator(client, options), options);
}
