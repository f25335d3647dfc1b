import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import type { ProbeSample } from './prober.js';

const HealthClient = grpc.makeGenericClientConstructor(healthService as grpc.ServiceDefinition, 'Health');

/**
 * Probes a `grpc.health.v1.Health` service the way the kubelet's gRPC probe does: a new
 * connection per probe (no shared subchannel), `Check` with a deadline, success only for SERVING,
 * one probe at a time on a fixed period.
 */
export class GrpcProber {
  private readonly samples: ProbeSample[] = [];
  private readonly stopping = new AbortController();
  private readonly loop: Promise<void>;

  constructor(
    private readonly address: string,
    private readonly service: string,
    private readonly periodMs: number,
    private readonly timeoutMs: number,
  ) {
    this.loop = this.run();
  }

  /** Stops probing, waits for the probe in flight, and returns every probe taken. */
  async stop(): Promise<ProbeSample[]> {
    this.stopping.abort();
    await this.loop;
    return this.samples;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const started = performance.now();
      this.samples.push(await grpcProbe(this.address, this.service, this.timeoutMs));
      const wait = started + this.periodMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => {});
    }
  }
}

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
