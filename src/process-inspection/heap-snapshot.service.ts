import { Injectable } from '@nestjs/common';
import { EventLoopWatch } from '../lifecycle/event-loop-watch.js';
import { InspectorSession } from './inspector-session.js';
import { MemoryHeadroom, SNAPSHOT_MEMORY_FACTOR, UNDRAINED_TEXT_FACTOR } from './memory-headroom.js';
import { inspectionMessages } from './process-inspection.messages.js';

/** Why a snapshot is not taken now: the HTTP status and the message to answer with. */
export interface SnapshotRefusal {
  readonly statusCode: 409 | 503;
  readonly message: string;
}

/**
 * How long the main thread may be paused by a snapshot before the probe worker counts it as
 * stalled again: 30 s, plus half a second per MiB of heap in use (V8 walks and serializes a
 * heap at several MiB per second; this allows for a machine four times slower than measured).
 */
const PAUSE_ALLOWANCE_BASE = 30_000;
const PAUSE_ALLOWANCE_PER_MIB = 500;

/**
 * Takes V8 heap snapshots, one at a time, when the memory left to the process can hold one.
 * The snapshot is serialized in one synchronous pass (V8 has no other way), each chunk of its
 * text handed to the caller's `write` as V8 produces it, so a caller writing to a socket keeps
 * nothing whole; the probe worker is told the pause is expected, so liveness stays UP.
 */
@Injectable()
export class HeapSnapshotService {
  private busy = false;

  constructor(
    private readonly headroom: MemoryHeadroom,
    private readonly loopWatch: EventLoopWatch,
  ) {}

  /**
   * Why a snapshot cannot be taken now, or undefined when it can. `drainedDuringPause`: another
   * thread (the probe worker) writes the text to the client while this one is paused.
   */
  refusal(drainedDuringPause: boolean): SnapshotRefusal | undefined {
    if (this.busy) return { statusCode: 409, message: inspectionMessages.snapshotUnderWay() };
    const factor = SNAPSHOT_MEMORY_FACTOR + (drainedDuringPause ? 0 : UNDRAINED_TEXT_FACTOR);
    const needed = factor * process.memoryUsage().heapUsed;
    const { available, boundBy } = this.headroom.measure();
    if (available < needed) return { statusCode: 503, message: inspectionMessages.snapshotWouldNotFit(needed, available, boundBy, factor) };
    return undefined;
  }

  /**
   * Reserves the one snapshot slot; the returned function frees it (call it once the snapshot's
   * text has left this thread, since until then it holds memory). Undefined when taken.
   */
  reserve(): (() => void) | undefined {
    if (this.busy) return undefined;
    this.busy = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy = false;
    };
  }

  /** Takes a snapshot, calling `write` with each chunk of its JSON text (synchronously, during the pause). */
  async take(write: (chunk: string) => void): Promise<void> {
    const session = await InspectorSession.open();
    const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
    let pauseOver: (() => void) | undefined;
    try {
      session.on<{ chunk: string }>('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => write(chunk));
      pauseOver = this.loopWatch.expectPause(PAUSE_ALLOWANCE_BASE + PAUSE_ALLOWANCE_PER_MIB * heapMiB);
      await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      pauseOver?.();
      session.close();
    }
  }
}
