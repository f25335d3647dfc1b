import { Inject, Logger, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';

/** Injection token of the application's `PGlite` instance. */
export const PGLITE = Symbol('PGLITE');

/**
 * An embedded, in-memory PostgreSQL (PGlite), so the sample needs no database server. The async
 * factory makes Nest wait until the database is ready; the module closes it on shutdown.
 */
@Module({
  providers: [{ provide: PGLITE, useFactory: () => PGlite.create() }],
  exports: [PGLITE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PGLITE) private readonly db: PGlite) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
    new Logger(DatabaseModule.name).log('Database closed');
  }
}
