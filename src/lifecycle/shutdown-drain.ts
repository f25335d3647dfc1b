import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ApplicationAvailability } from './application-availability.js';

/**
 * Holds shutdown open for `drainDelay` after readiness turns OUT_OF_SERVICE, so that load
 * balancers stop sending traffic before the server stops accepting it.
 *
 * It hooks the HTTP adapter's `beforeClose()`, which Nest calls first in `app.close()` (and on a
 * shutdown signal), before any provider is destroyed: the application keeps its database pools
 * and the like while it drains. Where a Nest version has no such hook, it drains in
 * `onModuleDestroy` instead.
 */
@Injectable()
export class ShutdownDrain implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ManagementModule');
  private draining?: Promise<void>;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly availability: ApplicationAvailability,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter as { beforeClose?: (...args: unknown[]) => unknown } | undefined;
    if (!adapter) return;
    const original = adapter.beforeClose;
    const drain = () => this.drain();
    adapter.beforeClose = async function beforeCloseAfterDrain(this: unknown, ...args: unknown[]) {
      await drain();
      return original?.apply(this, args);
    };
  }

  onModuleDestroy(): Promise<void> {
    return this.drain();
  }

  /** Turns readiness OUT_OF_SERVICE and waits `drainDelay`; later calls share the first wait. */
  drain(): Promise<void> {
    this.draining ??= this.begin();
    return this.draining;
  }

  private async begin(): Promise<void> {
    this.availability.markShuttingDown();
    const delay = this.options.drainDelay;
    if (delay <= 0) return;
    this.logger.log(`Shutting down: readiness is OUT_OF_SERVICE; draining for ${delay} ms before the server closes.`);
    await sleep(delay);
  }
}
