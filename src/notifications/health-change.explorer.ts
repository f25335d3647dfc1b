import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Subscription } from 'rxjs';
import type { HealthChange } from '../health/health-change.js';
import { HealthEvents } from '../health/health-events.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { ON_HEALTH_CHANGE_METADATA } from './on-health-change.decorator.js';
import type { OnHealthChangeOptions } from './on-health-change.decorator.js';

/** One `@OnHealthChange` method, bound to its instance. */
interface Handler {
  readonly name: string;
  readonly kinds: ReadonlySet<string> | undefined;
  readonly call: (change: HealthChange) => unknown;
}

/** The name of the class `@nestjs/event-emitter` provides; matched by name so the package is never loaded. */
const EVENT_EMITTER_CLASS = 'EventEmitter2';

/** The event emitted on EventEmitter2 for each change. */
export const HEALTH_CHANGED_EVENT = 'health.changed';

/**
 * Finds every `@OnHealthChange` method of every singleton provider, and the application's
 * EventEmitter2 (from @nestjs/event-emitter) if it has one, and delivers each status change to
 * them: methods are called, EventEmitter2 emits `health.changed`. A decorated method on a request-
 * or transient-scoped provider stops start-up with a message naming it.
 */
@Injectable()
export class HealthChangeExplorer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ManagementModule');
  private subscription?: Subscription;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly events: HealthEvents,
  ) {}

  onModuleInit(): void {
    const handlers = this.findHandlers();
    const emitter = this.findEventEmitter();
    if (emitter) handlers.push({ name: `${EVENT_EMITTER_CLASS}.emit('${HEALTH_CHANGED_EVENT}')`, kinds: undefined, call: (change) => emitter.emit(HEALTH_CHANGED_EVENT, change) });
    if (handlers.length > 0) this.subscription = this.events.changes.subscribe((change) => this.deliver(handlers, change));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private deliver(handlers: readonly Handler[], change: HealthChange): void {
    for (const handler of handlers) {
      if (handler.kinds && !handler.kinds.has(change.kind)) continue;
      try {
        const outcome = handler.call(change);
        // Any thenable, not only a native promise: a rejection must be logged, never unhandled.
        if (typeof (outcome as { then?: unknown } | undefined)?.then === 'function') {
          Promise.resolve(outcome).catch((error: unknown) => this.failed(handler, error));
        }
      } catch (error) {
        this.failed(handler, error);
      }
    }
  }

  private failed(handler: Handler, error: unknown): void {
    this.logger.error(messages.healthChangeHandlerFailed(handler.name, error instanceof Error ? error.message : String(error)));
  }

  private findHandlers(): Handler[] {
    const handlers: Handler[] = [];
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      const prototype = (typeof wrapper.metatype === 'function' ? wrapper.metatype.prototype : undefined) as Record<string, unknown> | undefined;
      const instance = wrapper.instance as Record<string, (change: HealthChange) => unknown> | undefined;
      if (!prototype || seen.has(instance)) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const options = Reflect.getMetadata(ON_HEALTH_CHANGE_METADATA, prototype[method] as object) as OnHealthChangeOptions | undefined;
        if (!options) continue;
        const name = `${(wrapper.metatype as { name: string }).name}.${method}()`;
        if (!wrapper.isDependencyTreeStatic()) throw new ManagementConfigurationError(messages.nonStaticHealthChangeHandler(name));
        if (instance) handlers.push({ name, kinds: options.kinds && new Set(options.kinds), call: (change) => instance[method]!(change) });
      }
      if (instance) seen.add(instance);
    }
    return handlers;
  }

  /**
   * The application's EventEmitter2, known by its API rather than by import (the package is not
   * a dependency): a provider whose instance has eventemitter2's `emit`, `emitAsync` and `onAny`.
   * (Its class is named `EventEmitter` inside the eventemitter2 package, so the name cannot tell.)
   */
  private findEventEmitter(): { emit(event: string, payload: unknown): unknown } | undefined {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as { emit?: unknown; emitAsync?: unknown; onAny?: unknown } | undefined;
      if (typeof instance?.emit === 'function' && typeof instance.emitAsync === 'function' && typeof instance.onAny === 'function') {
        return instance as { emit(event: string, payload: unknown): unknown };
      }
    }
    return undefined;
  }
}
