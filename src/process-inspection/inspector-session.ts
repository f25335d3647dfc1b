import type { Session } from 'node:inspector';
import { inspectionMessages } from './process-inspection.messages.js';

/** The inspector could not be had (Node built without it, or the session refused): a 503 with this message. */
export class InspectorUnavailableError extends Error {}

/**
 * A session with this thread's own V8 inspector (`node:inspector`), the one DevTools talks to.
 * Sessions of the same process do not exclude each other, so it works beside `--inspect` and an
 * attached debugger; what the inspector refuses (a second sampling heap profile, say) comes back
 * as an `InspectorUnavailableError` naming the reason.
 */
export class InspectorSession {
  private constructor(private readonly session: Session) {}

  static async open(): Promise<InspectorSession> {
    let session: Session;
    try {
      const inspector = await import('node:inspector');
      session = new inspector.Session();
      session.connect();
    } catch (error) {
      throw new InspectorUnavailableError(inspectionMessages.inspectorUnavailable(reasonOf(error)));
    }
    return new InspectorSession(session);
  }

  /** Sends `method`; resolves with its result. */
  post<Result = object>(method: string, params: object = {}): Promise<Result> {
    return new Promise((resolve, reject) => {
      (this.session.post as (method: string, params: object, callback: (error: Error | null, result: Result) => void) => void)(method, params, (error, result) => {
        if (error) reject(new InspectorUnavailableError(inspectionMessages.inspectorRefused(method, reasonOf(error))));
        else resolve(result);
      });
    });
  }

  /** Calls `listener` with the params of every `event` (e.g. `HeapProfiler.addHeapSnapshotChunk`). */
  on<Params>(event: string, listener: (params: Params) => void): void {
    this.session.on(event, (message: { params: Params }) => listener(message.params));
  }

  close(): void {
    try {
      this.session.disconnect();
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
