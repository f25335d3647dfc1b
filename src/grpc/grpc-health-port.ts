import { ProbePortError } from '../http/probe-worker-host.js';
import { listenGrpc } from '../probe-worker/grpc-health-server.js';
import type { GrpcServer } from '../probe-worker/grpc-health-server.js';
import type { GrpcHealth } from './grpc-health.js';
import type { ResolvedGrpcOptions } from './grpc.options.js';

/**
 * The gRPC health port served on the main thread, where the probe worker could not start or has
 * died, so that gRPC probes keep an answer (one a busy event loop delays, as on the management
 * port without the worker).
 */
export class MainThreadGrpcPort {
  private constructor(
    private readonly server: GrpcServer,
    /** Where it listens, e.g. `127.0.0.1:50051`. */
    readonly address: string,
  ) {}

  static async start(options: ResolvedGrpcOptions, health: GrpcHealth, port = options.port): Promise<MainThreadGrpcPort> {
    // A port that cannot be had names the gRPC health port, as the worker's does.
    const { server, address } = await listenGrpc(options.module, options.address, port, (grpcServer) => health.addTo(grpcServer)).catch((error: Error) => {
      throw new ProbePortError(`the gRPC health port: ${error.message}`, 'GRPC_BIND_FAILED');
    });
    return new MainThreadGrpcPort(server, address);
  }

  close(): void {
    this.server.forceShutdown();
  }
}
