/**
 * What the main thread and the probe worker say to each other. Nothing here imports Nest: the
 * worker runs plain `node:http`, so that a main thread saturated by the application's own
 * traffic cannot delay the kubelet's probes.
 */
import type { ServingStatus } from './grpc-health-codec.js';

/** The endpoints the worker answers by itself, from published state. */
export type ProbeEndpoint = 'liveness' | 'readiness' | 'startup';
export const PROBE_ENDPOINTS: readonly ProbeEndpoint[] = ['liveness', 'readiness', 'startup'];

/** One endpoint's current answer, exactly as the main thread's server would write it. */
export interface ProbeAnswer {
  readonly statusCode: number;
  /** The body for a client that may not see details. */
  readonly body: string;
  /** The body for a client the IP allow-list admits to details; absent when it is the same. */
  readonly detailedBody?: string;
  /** `body` in the health+json format, for clients whose `Accept` prefers it. */
  readonly healthBody: string;
  /** `detailedBody` in the health+json format. */
  readonly detailedHealthBody?: string;
  /** `sharedClock()` time after which the answer is stale and worth refreshing; null: never. */
  readonly freshUntil: number | null;
}

/** One gRPC health service name's published state (see src/grpc/service-statuses.ts). */
export interface WorkerServiceState {
  readonly status: ServingStatus;
  /** `sharedClock()` time after which the state is stale and worth refreshing; null: never. */
  readonly freshUntil: number | null;
}

/** Load shedding as the worker applies it: a loop delay over `maxDelay` refuses traffic. */
export interface WorkerLoadShedding {
  readonly maxDelay: number;
}

/** Everything the worker needs, given once as its `workerData`. */
export interface ProbeWorkerConfig {
  readonly port: number;
  readonly address: string;
  readonly basePath: string;
  /** Milliseconds without a heartbeat after which the main thread counts as stalled. */
  readonly stallLimit: number;
  /** The heartbeat the main thread writes (see heartbeat.ts). */
  readonly heartbeat: SharedArrayBuffer;
  readonly access: {
    readonly allow: readonly string[] | undefined;
    readonly scope: 'all' | 'details';
    readonly trustProxy: boolean | number | readonly string[];
    /** Names besides IP addresses and localhost that a `Host` may carry to be shown details by address alone. */
    readonly hosts: readonly string[];
  };
  /** Forward probes that carry credentials, so the application's authorizer decides what they see. */
  readonly forwardCredentials: boolean;
  /** The status codes of the answers while the main thread is stalled (the `statusHttpMapping`). */
  readonly stalledCodes: { readonly liveness: number; readonly readiness: number };
  /** The health+json body of those answers, naming the service as the main thread's bodies do. */
  readonly stalledHealthBody: string;
  readonly loadShedding: WorkerLoadShedding | undefined;
  /** The gRPC health port, when configured. */
  readonly grpc?: {
    readonly port: number;
    readonly address: string;
    /** Where `@grpc/grpc-js` is, as the main thread resolved it: the worker loads it from there. */
    readonly module: string;
    /** Every service name's state at start. */
    readonly services: Readonly<Record<string, WorkerServiceState>>;
  };
}

/** A request the worker hands to the main thread. */
export interface ForwardedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly remoteAddress: string;
  readonly body?: string;
  /** `sharedClock()` time at which the worker answers 503 itself: a request still unstarted then is not run. */
  readonly deadline: number;
}

export interface ForwardedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/**
 * The start of an answer too large to hand over whole (a heap snapshot): its body follows in
 * `chunk` messages and ends with `end` (or `abort`, when the main thread failed half-way).
 */
export interface StreamedHead {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  /**
   * Bytes the worker has handed to the client's socket, as one BigInt64 slot (`Atomics.add`): the
   * main thread sends at most a window beyond it, and reads it without waiting for a message, even
   * while it is blocked writing a heap snapshot.
   */
  readonly written: SharedArrayBuffer;
}

/** Bytes the main thread sends ahead of what the client's socket has taken. */
export const STREAM_WINDOW = 4 * 1024 * 1024;

export type MainToWorker =
  | { readonly type: 'answers'; readonly answers: Partial<Record<ProbeEndpoint, ProbeAnswer>> }
  | { readonly type: 'services'; readonly services: Readonly<Record<string, WorkerServiceState | null>> }
  | { readonly type: 'response'; readonly id: number; readonly response: ForwardedResponse }
  | { readonly type: 'head'; readonly id: number; readonly head: StreamedHead }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: string }
  | { readonly type: 'end'; readonly id: number }
  | { readonly type: 'abort'; readonly id: number }
  | { readonly type: 'close' };

export type WorkerToMain =
  | { readonly type: 'listening'; readonly url: string; readonly grpcAddress?: string }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string }
  | { readonly type: 'refresh'; readonly endpoint: ProbeEndpoint }
  | { readonly type: 'refreshService'; readonly name: string }
  | { readonly type: 'forward'; readonly id: number; readonly request: ForwardedRequest }
  /** A streamed answer's socket took more bytes (see `StreamedHead.written`): send on. */
  | { readonly type: 'written'; readonly id: number }
  /** A streamed answer's client went away: stop sending. */
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'closed' };
