import type { HealthStatus } from '../health/health-status.js';

/** One execution of a check, as the dashboard's latency chart plots it. */
export interface ExecutionSample {
  /** When it started, as an ISO-8601 string. */
  readonly at: string;
  readonly durationMs: number;
  /** What the execution itself gave, before thresholds. */
  readonly status: HealthStatus;
}

/** The latest `capacity` executions of one check, in a ring buffer. */
export class ExecutionSamples {
  private readonly entries: (ExecutionSample | undefined)[];
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    this.entries = new Array<ExecutionSample | undefined>(capacity);
  }

  add(sample: ExecutionSample): void {
    this.entries[this.next] = sample;
    this.next = (this.next + 1) % this.entries.length;
    this.size = Math.min(this.size + 1, this.entries.length);
  }

  /** Oldest first. */
  list(): ExecutionSample[] {
    const oldestFirst: ExecutionSample[] = [];
    for (let offset = this.size; offset >= 1; offset--) {
      oldestFirst.push(this.entries[(this.next - offset + this.entries.length) % this.entries.length]!);
    }
    return oldestFirst;
  }
}
