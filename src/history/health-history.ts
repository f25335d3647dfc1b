import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CheckRunner } from '../health/check-runner.js';
import type { HealthChange } from '../health/health-change.js';
import { HealthEvents } from '../health/health-events.js';
import { HealthRegistry } from '../health/health.registry.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ExecutionSamples } from './execution-samples.js';
import type { ExecutionSample } from './execution-samples.js';

/**
 * The last `history.capacity` status changes, in a ring buffer: recording one is a store into an
 * array slot, and the oldest give way. Beside them, the last `history.executions` executions of
 * each check (when, how long, what it gave), for the dashboard's latency chart; a removed check's
 * executions go with it. Records nothing unless `history.enabled`.
 */
@Injectable()
export class HealthHistory implements OnModuleInit, OnModuleDestroy {
  private readonly entries: (HealthChange | undefined)[];
  /** Where the next change goes. */
  private next = 0;
  private size = 0;
  private subscription?: Subscription;
  private readonly executions = new Map<string, ExecutionSamples>();
  private stopResults?: () => void;
  private stopRemovals?: () => void;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly events: HealthEvents,
    private readonly runner: CheckRunner,
    private readonly registry: HealthRegistry,
  ) {
    this.entries = new Array<HealthChange | undefined>(options.history.enabled ? options.history.capacity : 0);
  }

  get capacity(): number {
    return this.entries.length;
  }

  onModuleInit(): void {
    const { enabled, executions } = this.options.history;
    if (!enabled) return;
    this.subscription = this.events.changes.subscribe((change) => this.record(change));
    if (executions === 0) return;
    this.stopResults = this.runner.onResult((check, group, _reported, kind, execution) => {
      // The component /health shows: not a group-specific check, nor a run that was never started.
      if (group !== undefined || kind === 'still-running') return;
      let samples = this.executions.get(check.name);
      if (!samples) this.executions.set(check.name, (samples = new ExecutionSamples(executions)));
      samples.add({ at: execution.checkedAt, durationMs: execution.durationMs, status: execution.status });
    });
    this.stopRemovals = this.registry.onRemove((check) => this.executions.delete(check.name));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.stopResults?.();
    this.stopRemovals?.();
  }

  /** Every change kept, newest first. */
  changes(): HealthChange[] {
    const newestFirst: HealthChange[] = [];
    for (let offset = 1; offset <= this.size; offset++) {
      newestFirst.push(this.entries[(this.next - offset + this.entries.length) % this.entries.length]!);
    }
    return newestFirst;
  }

  /** When the oldest change kept was seen: the start of the window the history covers; undefined while it is empty. */
  coveredSince(): string | undefined {
    if (this.size === 0) return undefined;
    return this.entries[(this.next - this.size + this.entries.length) % this.entries.length]!.at;
  }

  /** The latest executions of the check named `name`, oldest first. */
  executionsOf(name: string): ExecutionSample[] {
    return this.executions.get(name)?.list() ?? [];
  }

  private record(change: HealthChange): void {
    this.entries[this.next] = change;
    this.next = (this.next + 1) % this.entries.length;
    this.size = Math.min(this.size + 1, this.entries.length);
  }
}
