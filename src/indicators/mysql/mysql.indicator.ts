import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';

/** A `mysql2/promise` pool or connection: `query()` returns a promise. */
export interface MysqlPromiseClient {
  query(sql: string): Promise<unknown>;
}

/** A callback-style `mysql2` pool or connection, which offers its promise form through `promise()`. */
export interface MysqlCallbackClient {
  promise(): MysqlPromiseClient;
}

export type MysqlClient = MysqlPromiseClient | MysqlCallbackClient;

export interface MysqlIndicatorOptions extends DriverIndicatorOptions {
  /** The statement each probe runs. Default `'SELECT 1'`. */
  query?: string;
}

/**
 * MySQL or MariaDB over the application's `mysql2` pool or connection (promise or callback style):
 * runs `query` (default `SELECT 1`).
 */
export class MysqlHealthIndicator extends DriverHealthIndicator<MysqlClient> {
  private readonly query: string;
  private readonly promiseForms = new WeakMap<MysqlCallbackClient, MysqlPromiseClient>();

  constructor(client: ClientSource<MysqlClient>, options: MysqlIndicatorOptions = {}) {
    super(client, 'MySQL health indicator', options);
    this.query = options.query ?? 'SELECT 1';
  }

  protected async roundTrip(client: MysqlClient): Promise<void> {
    await this.promiseForm(client).query(this.query);
  }

  private promiseForm(client: MysqlClient): MysqlPromiseClient {
    if (!('promise' in client) || typeof client.promise !== 'function') return client as MysqlPromiseClient;
    let promiseForm = this.promiseForms.get(client);
    if (!promiseForm) {
      promiseForm = client.promise();
      this.promiseForms.set(client, promiseForm);
    }
    return promiseForm;
  }
}

/** `mysqlCheck('db', pool)`: a registration for the `checks` option. */
export function mysqlCheck(
  name: string,
  client: ClientSource<MysqlClient>,
  options: MysqlIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<MysqlHealthIndicator> {
  return registrationOf(name, new MysqlHealthIndicator(client, options), options);
}
