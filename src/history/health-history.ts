import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { HealthChange } from '../health/health-change.js';
import { HealthEvents } from '../health/health-events.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';

/**
 * The last `history.capacity` status changes, in a ring buffer: recording one is a store into an
 * array slot, and the oldest give way. Records nothing unless `history.enabled`.
 */
@Injectable()
export class HealthHistory implements OnModuleInit, OnModuleDestroy {
  private readonly entries: (HealthChange | undefined)[];
  /** Where the next change goes. */
  private next = 0;
  private size = 0;
  private subscription?: Subscription;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly events: HealthEvents,
  ) {
    this.entries = new Array<HealthChange | undefined>(options.history.enabled ? options.history.capacity : 0);
  }

  get capacity(): number {
    return this.entries.length;
  }

  onModuleInit(): void {
    if (this.options.history.enabled) this.subscription = this.events.changes.subscribe((change) => this.record(change));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Every change kept, newest first. */
  changes(): HealthChange[] {
    const newestFirst: HealthChange[] = [];
    for (let offset = 1; offset <= this.size; offset++) {
      newestFirst.push(this.entries[(this.next - offset + this.entries.length) % this.entries.length]!);
    }
    return newestFirst;
  }

  private record(change: HealthChange): void {
    this.entries[this.next] = change;
    this.next = (this.next + 1) % this.entries.length;
    this.size = Math.min(this.size + 1, this.entries.length);
  }
}
