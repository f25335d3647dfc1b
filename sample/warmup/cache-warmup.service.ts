import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import { ApplicationAvailability, HealthRegistry } from '../../src/index.js';
import type { HealthCheckReturn } from '../../src/index.js';
import { SampleConfig } from '../config/sample-config.js';
import { PGLITE } from '../database/database.module.js';

/**
 * Run-time registration and application availability: fills an in-memory product cache after
 * start-up. Until it is full the app refuses traffic (/z/health/readiness is 503) and the
 * `cache-warmup` check, registered here through `HealthRegistry` rather than a decorator, keeps
 * /z/health/startup at 503. The warm-up is slowed down by `WARMUP_MS` so you can watch it.
 */
@Injectable()
export class CacheWarmup implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheWarmup.name);
  private readonly products = new Map<number, string>();
  private readonly stop = new AbortController();
  private state: { status: 'warming' } | { status: 'warm'; tookMs: number } | { status: 'failed'; error: string } = {
    status: 'warming',
  };

  constructor(
    private readonly registry: HealthRegistry,
    private readonly availability: ApplicationAvailability,
    private readonly config: SampleConfig,
    @Inject(PGLITE) private readonly db: PGlite,
  ) {}

  onModuleInit(): void {
    this.availability.refuseTraffic();
  }

  onApplicationBootstrap(): void {
    // ttl 0: the answer changes when the warm-up ends, and reading it costs nothing.
    this.registry.register({ name: 'cache-warmup', groups: ['startup'], ttl: 0, check: () => this.report() });
    void this.warm();
  }

  onApplicationShutdown(): void {
    this.stop.abort();
  }

  private report(): HealthCheckReturn {
    const { state } = this;
    const entries = this.products.size;
    if (state.status === 'warm') return { details: { entries, tookMs: state.tookMs } };
    if (state.status === 'failed') return { status: 'DOWN', details: { entries, error: state.error } };
    return { status: 'OUT_OF_SERVICE', details: { entries, warming: true } };
  }

  private async warm(): Promise<void> {
    const started = performance.now();
    try {
      const { rows } = await this.db.query<{ id: number; name: string }>(
        "SELECT g AS id, 'product ' || g AS name FROM generate_series(1, 1000) AS g",
      );
      for (const { id, name } of rows) this.products.set(id, name);
      await sleep(this.config.warmupMs, undefined, { signal: this.stop.signal });
      this.state = { status: 'warm', tookMs: Math.round(performance.now() - started) };
      this.availability.acceptTraffic();
      this.logger.log(`Cache warm (${this.products.size} products); accepting traffic`);
    } catch (error) {
      if (this.stop.signal.aborted) return;
      this.state = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      this.logger.error(`Cache warm-up failed; still refusing traffic: ${this.state.error}`);
    }
  }
}
