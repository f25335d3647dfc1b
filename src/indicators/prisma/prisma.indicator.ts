import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';

/** A Prisma client for a SQL database. */
export interface PrismaSqlClient {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

/** A Prisma client for MongoDB. */
export interface PrismaMongoClient {
  $runCommandRaw(command: Record<string, unknown>): Promise<unknown>;
}

export type PrismaClientLike = PrismaSqlClient | PrismaMongoClient;

export interface PrismaIndicatorOptions extends DriverIndicatorOptions {
  /**
   * The SQL statement each probe runs through `$queryRawUnsafe` (a constant you write, never input).
   * Default `'SELECT 1'`. A MongoDB client runs `{ ping: 1 }` instead.
   */
  query?: string;
}

/**
 * A database behind the application's Prisma client: runs `query` (default `SELECT 1`), or
 * `{ ping: 1 }` on MongoDB, over the client's own connections.
 */
export class PrismaHealthIndicator extends DriverHealthIndicator<PrismaClientLike> {
  private readonly query: string;

  constructor(client: ClientSource<PrismaClientLike>, options: PrismaIndicatorOptions = {}) {
    super(client, 'Prisma health indicator', options);
    this.query = options.query ?? 'SELECT 1';
  }

  protected async roundTrip(client: PrismaClientLike): Promise<void> {
    if ('$queryRawUnsafe' in client && typeof client.$queryRawUnsafe === 'function') {
      await client.$queryRawUnsafe(this.query);
      return;
    }
    await (client as PrismaMongoClient).$runCommandRaw({ ping: 1 });
  }
}

/** `prismaCheck('db', prisma)`: a registration for the `checks` option. */
export function prismaCheck(
  name: string,
  client: ClientSource<PrismaClientLike>,
  options: PrismaIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<PrismaHealthIndicator> {
  return registrationOf(name, new PrismaHealthIndicator(client, options), options);
}
