import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import type { ProbeSample } from './prober.js';

const HealthClient = grpc.makeGenericClientConstructor(healthService as grpc.ServiceDefinition, 'Health');

/** One `Check` of `service` at `address` on a connection of its own, failed after `timeoutMs`. */
export function grpcProbe(address: string, service: string, timeoutMs: number): Promise<ProbeSample> {
  const client = new HealthClient(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as grpc.Client & {
    Check(request: { service: string }, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response?: { status: string }) => void): void;
  };
  const started = performance.now();
  return new Promise((resolve) => {
    client.Check({ service }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      const timedOut = error?.code === grpc.status.DEADLINE_EXCEEDED;
      resolve({ milliseconds: timedOut ? timeoutMs : performance.now() - started, ok: !error && response?.status === 'SERVING', timedOut });
    });
  });
}
