import { Inject, Injectable, Optional } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';

/**
 * Where the cgroup file system is mounted (`/sys/fs/cgroup`). Internal: a test provides another
 * directory (from a global module) to simulate a container's memory limit with files of its own.
 */
export const CGROUP_ROOT = Symbol('nestjs-management-endpoints:cgroup-root');

/**
 * What a heap snapshot is taken to need, as a multiple of the V8 heap in use. V8 first builds a
 * graph of every object (entries, edges, names), then serializes it to text (1.5 to 2 times the
 * heap), and the text the client has not taken yet waits in memory. Measured as the growth of
 * the process's peak resident memory: 5 to 6 times the heap on a Nest application, up to 9
 * times on a heap of very many small objects (the graph grows with the number of objects, not
 * their size). Six covers the usual application; see docs/operations.md.
 */
export const SNAPSHOT_MEMORY_FACTOR = 6;

/**
 * What a snapshot needs on top, as a multiple of the heap, when the paused main thread writes it
 * to the socket itself (the application's port, or a management port without the probe worker):
 * the socket cannot drain during the pause, so the text, up to twice the heap, waits in memory.
 * Measured as 1.1 to 2 times the heap more than through the probe worker, which writes on.
 */
export const UNDRAINED_TEXT_FACTOR = 2;

/** A cgroup v1 limit this large (the page-aligned largest 64-bit value) means "no limit". */
const UNLIMITED_V1 = 2 ** 60;

/** What memory the process could still take, and what bounds it. */
export interface Headroom {
  /** Bytes the process can still allocate: the smaller of the free memory and the container's room. */
  readonly available: number;
  /** What bounds it, for messages: `'the container limit (cgroup v2)'` or `'free system memory'`. */
  readonly boundBy: string;
}

/**
 * The memory left to this process: the system's free memory, and where a container limit is
 * set (cgroup v2 `memory.max`, or cgroup v1 `memory/memory.limit_in_bytes`), that limit minus what
 * the container already uses: the larger of this process's resident memory and the cgroup's
 * working set (its usage, `memory.current` or `memory.usage_in_bytes`, less the file cache the
 * kernel can reclaim, as the kubelet counts it). Read at the moment it is asked, from the
 * container's view of the cgroup file system (the default in Kubernetes).
 */
@Injectable()
export class MemoryHeadroom {
  private readonly root: string;

  constructor(@Optional() @Inject(CGROUP_ROOT) root?: string) {
    this.root = root ?? '/sys/fs/cgroup';
  }

  measure(): Headroom {
    const free = freemem();
    const limit = this.containerLimit();
    if (limit === undefined) return { available: free, boundBy: 'free system memory' };
    const room = Math.max(0, limit.bytes - Math.max(process.memoryUsage.rss(), limit.workingSet));
    return room < free ? { available: room, boundBy: `the container limit (${limit.source})` } : { available: free, boundBy: 'free system memory' };
  }

  private containerLimit(): ContainerLimit | undefined {
    const v2 = this.read('memory.max');
    if (v2 !== undefined) {
      const bytes = v2 === 'max' ? undefined : bytesOf(v2);
      return bytes === undefined ? undefined : { bytes, source: 'cgroup v2', workingSet: this.workingSet('memory.current', 'memory.stat', 'inactive_file') };
    }
    const bytes = bytesOf(this.read(join('memory', 'memory.limit_in_bytes')));
    if (bytes === undefined || bytes >= UNLIMITED_V1) return undefined;
    return { bytes, source: 'cgroup v1', workingSet: this.workingSet(join('memory', 'memory.usage_in_bytes'), join('memory', 'memory.stat'), 'total_inactive_file') };
  }

  /** The cgroup's usage less its inactive file cache; 0 when unreadable. */
  private workingSet(usageFile: string, statFile: string, inactiveKey: string): number {
    const usage = bytesOf(this.read(usageFile)) ?? 0;
    const stat = this.read(statFile) ?? '';
    const inactive = bytesOf(new RegExp(`^${inactiveKey} (\\d+)$`, 'm').exec(stat)?.[1]) ?? 0;
    return Math.max(0, usage - inactive);
  }

  private read(file: string): string | undefined {
    try {
      return readFileSync(join(this.root, file), 'utf8').trim();
    } catch {
      return undefined;
    }
  }
}

interface ContainerLimit {
  readonly bytes: number;
  readonly source: string;
  readonly workingSet: number;
}

function bytesOf(text: string | undefined): number | undefined {
  const bytes = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}
