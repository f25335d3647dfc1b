/**
 * The `grpc.health.v1.Health` service for `@grpc/grpc-js`: its definition (built in code, see
 * grpc-health-codec.ts) and an implementation over any source of statuses. Shared by the
 * application's own gRPC server (main thread) and the probe worker's gRPC port. Nothing here
 * imports Nest or gRPC: `@grpc/grpc-js` hands the calls in.
 */
import {
  decodeCheckRequest,
  decodeCheckResponse,
  decodeListRequest,
  decodeListResponse,
  encodeCheckRequest,
  encodeCheckResponse,
  encodeListRequest,
  encodeListResponse,
} from './grpc-health-codec.js';
import type { HealthCheckRequest, HealthCheckResponse, HealthListResponse, ServingStatus } from './grpc-health-codec.js';

/** Where the health service reads statuses. */
export interface HealthStatusSource {
  /** The status of `service` now, or undefined when no service has that name. */
  check(service: string): ServingStatus | undefined | Promise<ServingStatus | undefined>;
  /**
   * Calls `listener` at once with the status of `service` (SERVICE_UNKNOWN when unknown), then
   * with each change; returns the function that stops it.
   */
  watch(service: string, listener: (status: ServingStatus) => void): () => void;
  /** Every service name a client may ask for, with its status. */
  list(): Record<string, ServingStatus>;
}

/** gRPC status codes used here (grpc.status in `@grpc/grpc-js`). */
const NOT_FOUND = 5;
const INTERNAL = 13;

interface UnaryCall<Request> {
  readonly request: Request;
}
type UnaryCallback<Response> = (error: { code: number; details: string } | null, value?: Response) => void;
interface StreamingCall<Request> {
  readonly request: Request;
  write(message: HealthCheckResponse): boolean;
  end(): void;
  on(event: 'cancelled' | 'close' | 'error', listener: () => void): unknown;
}

/** The service definition `server.addService()` takes, as `@grpc/proto-loader` would build it from health.proto. */
export const HEALTH_SERVICE_DEFINITION = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeCheckRequest,
    responseSerialize: encodeCheckResponse,
    responseDeserialize: decodeCheckResponse,
    originalName: 'check',
  },
  Watch: {
    path: '/grpc.health.v1.Health/Watch',
    requestStream: false,
    responseStream: true,
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeCheckRequest,
    responseSerialize: encodeCheckResponse,
    responseDeserialize: decodeCheckResponse,
    originalName: 'watch',
  },
  List: {
    path: '/grpc.health.v1.Health/List',
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeListRequest,
    requestDeserialize: decodeListRequest,
    responseSerialize: encodeListResponse,
    responseDeserialize: decodeListResponse,
    originalName: 'list',
  },
} as const;

/** The methods of the health service over `source`, and `close()`, which ends every open Watch. */
export interface HealthServiceImplementation {
  readonly methods: {
    Check(call: UnaryCall<HealthCheckRequest>, callback: UnaryCallback<HealthCheckResponse>): void;
    Watch(call: StreamingCall<HealthCheckRequest>): void;
    List(call: UnaryCall<unknown>, callback: UnaryCallback<HealthListResponse>): void;
  };
  close(): void;
}

export function healthServiceImplementation(source: HealthStatusSource): HealthServiceImplementation {
  const watches = new Set<() => void>();
  return {
    methods: {
      Check(call, callback) {
        const service = call.request.service;
        const answer = (status: ServingStatus | undefined) =>
          status === undefined ? callback({ code: NOT_FOUND, details: `No health status for service '${service}'.` }) : callback(null, { status });
        let status;
        try {
          status = source.check(service);
        } catch {
          return callback({ code: INTERNAL, details: 'The health check failed.' });
        }
        if (status instanceof Promise) status.then(answer, () => callback({ code: INTERNAL, details: 'The health check failed.' }));
        else answer(status);
      },
      Watch(call) {
        let stopped = false;
        let stopWatching = (): void => undefined;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          watches.delete(end);
          stopWatching();
        };
        const end = () => {
          stop();
          call.end();
        };
        watches.add(end);
        call.on('cancelled', stop);
        call.on('close', stop);
        call.on('error', stop);
        stopWatching = source.watch(call.request.service, (status) => {
          if (!stopped) call.write({ status });
        });
        if (stopped) stopWatching();
      },
      List(_call, callback) {
        const statuses: Record<string, HealthCheckResponse> = {};
        for (const [service, status] of Object.entries(source.list())) statuses[service] = { status };
        callback(null, { statuses });
      },
    },
    close() {
      for (const end of [...watches]) end();
    },
  };
}
