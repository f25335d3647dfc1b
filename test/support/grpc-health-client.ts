import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath, service as healthCheckService } from 'grpc-health-check';

/** The two independent clients the tests probe with. */
export type HealthClientKind = 'grpc-health-check' | 'health.proto';
export const HEALTH_CLIENT_KINDS: readonly HealthClientKind[] = ['grpc-health-check', 'health.proto'];

/** The application's own service in the tests (test/fixtures/grpc/greeter.proto). */
export const GREETER_PROTO = fileURLToPath(new URL('../../../test/fixtures/grpc/greeter.proto', import.meta.url));

/** A Watch call: every status received so far, in order. */
export interface HealthWatch {
  readonly statuses: readonly string[];
  /** Whether the server ended the stream (or it failed). */
  readonly ended: boolean;
  cancel(): void;
}

/** A `grpc.health.v1.Health` client of one kind, on `address` (`host:port`). */
export interface HealthClient {
  /** The status of `service`; rejects with the gRPC error (e.g. `code: grpc.status.NOT_FOUND`). */
  check(service: string): Promise<string>;
  watch(service: string): HealthWatch;
  list(): Promise<Record<string, string>>;
  close(): void;
}

type RawClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

/**
 * `grpc-health-check`: the gRPC project's package and its exported service definition. `health.proto`:
 * a plain `@grpc/grpc-js` client built with `@grpc/proto-loader` from the official health.proto (the
 * copy the gRPC project ships in that package).
 */
export function healthClient(kind: HealthClientKind, address: string): HealthClient {
  const credentials = grpc.credentials.createInsecure();
  let client: RawClient;
  if (kind === 'grpc-health-check') {
    const Client = grpc.makeGenericClientConstructor(healthCheckService as grpc.ServiceDefinition, 'Health');
    client = new Client(address, credentials) as unknown as RawClient;
  } else {
    const definition = loadSync(protoPath, { keepCase: true, enums: String, defaults: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
    client = new loaded.grpc.health.v1.Health(address, credentials) as unknown as RawClient;
  }
  const deadline = () => new Date(Date.now() + 5_000);
  return {
    check: (service) =>
      new Promise((resolve, reject) => {
        client.Check!({ service }, { deadline: deadline() }, (error: grpc.ServiceError | null, response: { status: string }) =>
          error ? reject(error) : resolve(response.status),
        );
      }),
    watch: (service) => {
      const statuses: string[] = [];
      const state = { ended: false };
      const call = client.Watch!({ service }) as grpc.ClientReadableStream<{ status: string }>;
      call.on('data', (response: { status: string }) => statuses.push(response.status));
      call.on('error', () => (state.ended = true));
      call.on('end', () => (state.ended = true));
      return {
        statuses,
        get ended() {
          return state.ended;
        },
        cancel: () => call.cancel(),
      };
    },
    list: () =>
      new Promise((resolve, reject) => {
        client.List!({}, { deadline: deadline() }, (error: grpc.ServiceError | null, response: { statuses: Record<string, { status: string }> }) =>
          error ? reject(error) : resolve(Object.fromEntries(Object.entries(response.statuses).map(([name, value]) => [name, value.status]))),
        );
      }),
    close: () => client.close(),
  };
}
