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
    const { server, address } = await listenGrpc(options.module, options.address, port, (grpcServer) => health.addTo(grpcServer));
    return new MainThreadGrpcPort(server, address);
  }

  close(): void {
    this.server.forceShutdown();
  }
}
