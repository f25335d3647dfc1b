import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions, Observed } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';

/** What the indicator reads and calls on a TypeORM `DataSource`. */
export interface TypeormDataSource {
  readonly isInitialized: boolean;
  readonly options?: { readonly type?: string };
  query(query: string): Promise<unknown>;
}

export interface TypeormIndicatorOptions extends DriverIndicatorOptions {
  /** The statement each probe runs. Default `'SELECT 1'` (Oracle needs `'SELECT 1 FROM DUAL'`). */
  query?: string;
}

/**
 * A database behind the application's TypeORM `DataSource`: DOWN at once when it is not
 * initialized, otherwise runs `query` over its pool. Reports the database type.
 */
export class TypeormHealthIndicator extends DriverHealthIndicator<TypeormDataSource> {
  private readonly query: string;

  constructor(dataSource: ClientSource<TypeormDataSource>, options: TypeormIndicatorOptions = {}) {
    super(dataSource, 'TypeORM health indicator', options);
    this.query = options.query ?? 'SELECT 1';
  }

  protected async roundTrip(dataSource: TypeormDataSource): Promise<Observed> {
    if (!dataSource.isInitialized) throw new Error(messages.notInitialized());
    await dataSource.query(this.query);
    return { database: dataSource.options?.type };
  }
}

/** `typeormCheck('db', dataSource)`: a registration for the `checks` option. */
export function typeormCheck(
  name: string,
  dataSource: ClientSource<TypeormDataSource>,
  options: TypeormIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<TypeormHealthIndicator> {
  return registrationOf(name, new TypeormHealthIndicator(dataSource, options), options);
}
