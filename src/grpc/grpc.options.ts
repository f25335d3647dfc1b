import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ManagementConfigurationError } from '../messages.js';
import { sectionOption } from '../options/object-option.js';
import { grpcMessages } from './grpc.messages.js';

/** The gRPC health port (`grpc` in the module options); see docs/grpc.md. */
export interface GrpcOptions {
  /**
   * Serve `grpc.health.v1.Health` on this port from the probe worker thread, answered from the
   * published results while the main event loop is busy (needs `@grpc/grpc-js`, the management
   * `port` and the probe worker). `0` picks a free one. Default: no gRPC port.
   */
  port?: number;
  /** Address the gRPC health port binds to. Default: the management `address`, else `'0.0.0.0'`. */
  address?: string;
}

export interface ResolvedGrpcOptions {
  readonly port: number;
  readonly address: string;
  /** Where `@grpc/grpc-js` is installed (its entry file), for the worker to load. */
  readonly module: string;
}

const KNOWN = ['port', 'address'];

export function resolveGrpcOptions(
  value: unknown,
  management: { port: number | undefined; address: string | undefined; worker: boolean },
): ResolvedGrpcOptions | undefined {
  const options = sectionOption('grpc', value, KNOWN) as GrpcOptions;
  const { port, address } = options;
  if (address !== undefined && (typeof address !== 'string' || address.trim() === '')) {
    throw new ManagementConfigurationError(grpcMessages.invalidAddress());
  }
  if (port === undefined) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ManagementConfigurationError(grpcMessages.invalidPort(port));
  }
  if (management.port === undefined || !management.worker) throw new ManagementConfigurationError(grpcMessages.portWithoutWorker());
  if (port !== 0 && port === management.port) throw new ManagementConfigurationError(grpcMessages.samePort(port));
  return { port, address: address ?? management.address ?? '0.0.0.0', module: resolveGrpcPackage() };
}

/**
 * Where `@grpc/grpc-js` is, looked up as the application would (from its entry script, then from
 * the working directory), without loading it: the worker thread loads it from there.
 */
function resolveGrpcPackage(): string {
  const origins = [process.argv[1], join(process.cwd(), 'package.json')].filter((origin): origin is string => typeof origin === 'string' && origin !== '');
  for (const origin of origins) {
    try {
      return createRequire(origin).resolve('@grpc/grpc-js');
    } catch {
      // Not from there; try the next.
    }
  }
  throw new ManagementConfigurationError(grpcMessages.notInstalled());
}
