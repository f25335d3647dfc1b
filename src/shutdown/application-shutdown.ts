import { Injectable, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { callAppShutdownHook, callBeforeAppShutdownHook, callModuleDestroyHook } from '../nest-internals/management-routes.js';
import type { NestModule } from '../nest-internals/management-routes.js';
import { messages } from '../messages.js';

const SIGNAL = 'SIGTERM';

/**
 * Shuts the application down as a SIGTERM would, for POST /shutdown.
 *
 * When the process handles SIGTERM (the application called `app.enableShutdownHooks()`, or has a
 * handler of its own), it sends itself SIGTERM: the very path Kubernetes takes, drain included,
 * ending the way that handler ends the process. When nothing handles SIGTERM, a signal would kill
 * the process on the spot, so it runs Nest's own close sequence instead, as `app.close()` does
 * (Nest does not make the application object injectable): the HTTP adapter's `beforeClose()`
 * (where the drain holds readiness OUT_OF_SERVICE), `onModuleDestroy`, `beforeApplicationShutdown`,
 * closing the HTTP server, `onApplicationShutdown`. The process then exits with code 0 once nothing
 * else keeps it alive.
 */
@Injectable()
export class ApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private started = false;

  constructor(
    private readonly modules: ModulesContainer,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  /** Whether a shutdown has been started here. */
  get isStarted(): boolean {
    return this.started;
  }

  /** Starts the shutdown (once); returns false when it had started already. */
  start(): boolean {
    if (this.started) return false;
    this.started = true;
    if (process.listenerCount(SIGNAL) > 0) {
      process.kill(process.pid, SIGNAL);
      return true;
    }
    this.close().catch((error: unknown) => {
      this.logger.error(messages.shutdownFailed(error instanceof Error ? error.message : String(error)));
      process.exitCode = 1;
    });
    return true;
  }

  private async close(): Promise<void> {
    const adapter = this.adapterHost?.httpAdapter as { beforeClose?: () => unknown; close?: () => unknown } | undefined;
    const modules = [...this.modules.values()].sort((first, second) => first.distance - second.distance) as NestModule[];
    await adapter?.beforeClose?.();
    for (const module of modules) await callModuleDestroyHook(module);
    for (const module of modules) await callBeforeAppShutdownHook(module, SIGNAL);
    await adapter?.close?.();
    for (const module of modules) await callAppShutdownHook(module, SIGNAL);
  }
}
