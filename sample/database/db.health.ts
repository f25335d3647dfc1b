import { Inject, Injectable } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { HealthCheck } from '../../src/index.js';
import type { HealthIndicator } from '../../src/index.js';
import { PGLITE } from './database.module.js';

/**
 * A decorated check: `SELECT 1` against the database. It belongs to the readiness group (the
 * default, written out here), so a dead database takes the pod out of the load balancer without
 * getting it restarted. Its own `timeout` overrides the module's, and `interval` runs it in the
 * background every 5 s, so probes only read its latest result.
 */
@HealthCheck('db', { groups: ['readiness'], timeout: 300, interval: 5_000 })
@Injectable()
export class DbHealth implements HealthIndicator {
  constructor(@Inject(PGLITE) private readonly db: PGlite) {}

  async check() {
    const started = performance.now();
    const { rows } = await this.db.query<{ version: string }>(
      "SELECT 1 AS ok, current_setting('server_version') AS version",
    );
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return { details: { database: 'PGlite (in-memory)', serverVersion: rows[0]?.version, latencyMs } };
  }
}
