import { Injectable } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { scheduledMethods } from '../nest-internals/application-graph.js';
import type { ScheduledMethod } from '../nest-internals/application-graph.js';

/** What Actuator calls a task's runnable: `Class.method`, or the job's name when no decorator declares it. */
interface Runnable {
  readonly target: string;
}

/** The scheduledtasks document, in Actuator's shape (Spring Boot Admin's Scheduled Tasks tab reads `cron`, `fixedDelay`, `fixedRate`). */
export interface ScheduledTasksDocument {
  readonly cron: { runnable: Runnable; expression: string; nextExecution?: { time: string } }[];
  /** Always empty: @nestjs/schedule has no fixed-delay jobs. */
  readonly fixedDelay: never[];
  /** `@Interval()` jobs (`setInterval`): the first run comes one interval after start-up. */
  readonly fixedRate: { runnable: Runnable; initialDelay: number; interval: number }[];
  /** `@Timeout()` jobs still to run. */
  readonly custom: { runnable: Runnable; trigger: string }[];
}

/** The parts of @nestjs/schedule's `SchedulerRegistry` and cron's `CronJob` read here (both optional peers). */
interface SchedulerRegistryView {
  getCronJobs(): Map<string, CronJobView>;
  getIntervals(): string[];
  getInterval(name: string): unknown;
  getTimeouts(): string[];
  getTimeout(name: string): unknown;
}

interface CronJobView {
  readonly cronTime: { readonly source: unknown };
  readonly isActive?: boolean;
  readonly running?: boolean;
  nextDate(): { toJSDate(): Date };
}

/** A Node.js timer: its delay and whether it is spent are kept in these fields (undocumented, stable since Node 0.x). */
interface NodeTimer {
  readonly _idleTimeout?: number;
  readonly _destroyed?: boolean;
}

const EMPTY: ScheduledTasksDocument = { cron: [], fixedDelay: [], fixedRate: [], custom: [] };

/**
 * GET /scheduledtasks: the jobs in @nestjs/schedule's `SchedulerRegistry` (decorated ones and
 * those added at run time), named after the method that declares them. Applications that do not
 * use @nestjs/schedule get the empty document; the package is loaded only when asked.
 */
@Injectable()
export class ScheduledTasks {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  async collect(): Promise<ScheduledTasksDocument> {
    const registry = await this.registry();
    if (!registry) return EMPTY;
    const instances = [...this.discovery.getProviders(), ...this.discovery.getControllers()].filter((wrapper) => wrapper.isDependencyTreeStatic()).map((wrapper) => wrapper.instance as unknown);
    const targets = new Targets(scheduledMethods(instances));
    const cron = [...registry.getCronJobs()].map(([name, job]) => {
      const expression = job.cronTime.source instanceof Date ? job.cronTime.source.toISOString() : String(job.cronTime.source);
      const active = job.isActive ?? job.running ?? false;
      return { runnable: { target: targets.of('cron', name, expression) }, expression, ...(active ? { nextExecution: { time: job.nextDate().toJSDate().toISOString() } } : {}) };
    });
    const fixedRate = registry.getIntervals().map((name) => {
      const interval = (registry.getInterval(name) as NodeTimer)._idleTimeout ?? -1;
      return { runnable: { target: targets.of('interval', name, interval) }, initialDelay: interval, interval };
    });
    const custom = registry
      .getTimeouts()
      .filter((name) => (registry.getTimeout(name) as NodeTimer)._destroyed !== true)
      .map((name) => {
        const delay = (registry.getTimeout(name) as NodeTimer)._idleTimeout ?? -1;
        return { runnable: { target: targets.of('timeout', name, delay) }, trigger: `setTimeout(${delay} ms)` };
      });
    return { cron, fixedDelay: [], fixedRate, custom };
  }

  private async registry(): Promise<SchedulerRegistryView | undefined> {
    try {
      const { SchedulerRegistry } = await import('@nestjs/schedule');
      return this.moduleRef.get(SchedulerRegistry, { strict: false }) as unknown as SchedulerRegistryView;
    } catch {
      return undefined;
    }
  }
}

/**
 * Which method a registered job runs: the decorator that names it, or else the one unnamed
 * decorator of the same kind and schedule (unnamed jobs are registered under a random name).
 */
class Targets {
  constructor(private readonly methods: readonly ScheduledMethod[]) {}

  of(kind: ScheduledMethod['kind'], name: string, schedule: string | number): string {
    const named = this.methods.find((method) => method.kind === kind && method.name === name);
    if (named) return named.target;
    const unnamed = this.methods.filter((method) => method.kind === kind && method.name === undefined && (method.cronTime ?? method.milliseconds) === schedule);
    return unnamed.length === 1 ? unnamed[0]!.target : name;
  }
}
