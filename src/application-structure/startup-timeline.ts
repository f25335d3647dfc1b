import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleInit, Provider } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { performance } from 'node:perf_hooks';
import { ServingWatch } from '../lifecycle/serving.js';

/** When `ManagementModule.forRoot()` ran: the application's code had loaded as far as its root module. */
export const MODULE_DECLARED_AT = Symbol('ManagementModule declared at');

/** Records the moment the module is declared; given to Nest with the module's providers. */
export function declaredAtProvider(): Provider {
  return { provide: MODULE_DECLARED_AT, useValue: performance.now() };
}

/** One step of Actuator's startup timeline (what Spring Boot Admin's Startup tab draws as a tree). */
export interface StartupEvent {
  readonly startTime: string;
  readonly endTime: string;
  /** ISO-8601, as Spring writes a `Duration`: `PT0.0421S`. */
  readonly duration: string;
  readonly startupStep: { readonly name: string; readonly id: number; readonly parentId?: number; readonly tags: readonly { key: string; value: string }[] };
}

type Mark = 'declared' | 'built' | 'moduleInit' | 'bootstrap' | 'serving';

/** The steps between two moments this module sees, and what Nest does between them. */
const STEPS: readonly [name: string, from: Mark | 'origin', to: Mark, description: string][] = [
  ['node.load', 'origin', 'declared', "Node.js starts and loads the application's code, up to its root module's ManagementModule.forRoot()"],
  ['nest.create', 'declared', 'built', "NestFactory.create(): modules scanned, providers built up to the management module's"],
  ['nest.instantiate', 'built', 'moduleInit', 'the remaining providers built; onModuleInit() of the modules the management module comes after'],
  ['nest.module-init', 'moduleInit', 'bootstrap', 'onModuleInit() of the remaining modules'],
  ['nest.bootstrap', 'bootstrap', 'serving', 'onApplicationBootstrap() hooks, then app.listen() until the server listens'],
];

/**
 * GET /startup: how long bootstrap took, as a timeline of the moments the module can see from
 * outside Nest (process start, its own declaration, construction and lifecycle hooks, the server
 * listening). Nest does not time its modules one by one, so neither can this.
 */
@Injectable()
export class StartupTimeline implements OnModuleInit, OnApplicationBootstrap {
  private readonly marks: Partial<Record<Mark, number>> = { built: performance.now() };

  constructor(
    @Inject(MODULE_DECLARED_AT) declaredAt: number,
    private readonly modules: ModulesContainer,
    servingWatch: ServingWatch,
  ) {
    this.marks.declared = Math.min(declaredAt, this.marks.built!);
    servingWatch.whenServing(() => (this.marks.serving ??= performance.now()));
  }

  onModuleInit(): void {
    this.marks.moduleInit = performance.now();
  }

  onApplicationBootstrap(): void {
    this.marks.bootstrap = performance.now();
  }

  /** The steps completed so far, under one root step from process start to the last of them. */
  collect(): { timeline: { startTime: string; events: StartupEvent[] } } {
    const steps: StartupEvent[] = [];
    let end = 0;
    for (const [index, [name, from, to, description]] of STEPS.entries()) {
      const start = from === 'origin' ? 0 : this.marks[from];
      const finish = this.marks[to];
      if (start === undefined || finish === undefined) continue;
      steps.push(eventOf(name, index + 1, start, finish, [{ key: 'description', value: description }], 0));
      end = finish;
    }
    const root = eventOf('application.startup', 0, 0, end, [{ key: 'modules', value: String(this.modules.size) }]);
    return { timeline: { startTime: isoTime(0), events: [root, ...steps] } };
  }
}

function eventOf(name: string, id: number, start: number, end: number, tags: { key: string; value: string }[], parentId?: number): StartupEvent {
  const step = parentId === undefined ? { name, id, tags } : { name, id, parentId, tags };
  return { startTime: isoTime(start), endTime: isoTime(end), duration: isoDuration(end - start), startupStep: step };
}

/** A moment on `performance.now()`'s clock as an ISO date. */
function isoTime(milliseconds: number): string {
  return new Date(performance.timeOrigin + milliseconds).toISOString();
}

function isoDuration(milliseconds: number): string {
  return `PT${Number((Math.max(0, milliseconds) / 1000).toFixed(6))}S`;
}
