import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InspectorSession } from './inspector-session.js';
import { inspectionMessages } from './process-inspection.messages.js';

/** What a profile records: where the CPU's time goes, or where memory is allocated. */
export type ProfileType = 'cpu' | 'heap';

/** The inspector's calls for each type, and the file extension Chrome DevTools opens. */
const KINDS = {
  cpu: { domain: 'Profiler', start: 'Profiler.start', stop: 'Profiler.stop', extension: 'cpuprofile' },
  heap: { domain: 'HeapProfiler', start: 'HeapProfiler.startSampling', stop: 'HeapProfiler.stopSampling', extension: 'heapprofile' },
} as const;

/** A recording under way: stop it to get the profile. */
export interface Recording {
  /** `cpuprofile` or `heapprofile`. */
  readonly extension: string;
  /**
   * Waits out the recording (or until `stop` aborts it: the client went away), stops it and
   * resolves with the profile as DevTools reads it.
   */
  finish(stop?: AbortSignal): Promise<object>;
}

/**
 * Records CPU profiles and sampling heap profiles through the V8 inspector, one at a time. Both
 * are sampling profilers that run beside the application (a few percent of CPU), so it keeps
 * serving while they record; nothing here blocks the event loop.
 */
@Injectable()
export class ProfileRecorder {
  private current?: { readonly type: ProfileType; readonly endsAt: number };

  /** Why a profile cannot start now (one is recording), with the seconds it has left; undefined when it can. */
  refusal(): { message: string; secondsLeft: number } | undefined {
    if (!this.current) return undefined;
    const secondsLeft = Math.max(1, Math.ceil((this.current.endsAt - Date.now()) / 1000));
    return { message: inspectionMessages.profileUnderWay(this.current.type, secondsLeft), secondsLeft };
  }

  /** Starts recording for `seconds`; rejects (and records nothing) when the inspector refuses. */
  async start(type: ProfileType, seconds: number): Promise<Recording> {
    const kind = KINDS[type];
    this.current = { type, endsAt: Date.now() + seconds * 1000 };
    let session: InspectorSession | undefined;
    try {
      session = await InspectorSession.open();
      await session.post(`${kind.domain}.enable`);
      await session.post(kind.start);
    } catch (error) {
      session?.close();
      this.current = undefined;
      throw error;
    }
    const opened = session;
    return {
      extension: kind.extension,
      finish: async (stop) => {
        try {
          await sleep(seconds * 1000, undefined, { ref: false, signal: stop }).catch(() => undefined);
          const { profile } = await opened.post<{ profile: object }>(kind.stop);
          return profile;
        } finally {
          opened.close();
          this.current = undefined;
        }
      },
    };
  }
}
