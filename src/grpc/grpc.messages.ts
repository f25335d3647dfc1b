/** Error texts of the gRPC health service. */
export const grpcMessages = {
  invalidPort: (value: unknown) =>
    `ManagementModule option 'grpc.port' must be a port number from 0 to 65535 (0 picks a free one), got ${typeof value === 'string' ? `'${value}'` : String(value)}.`,
  invalidAddress: () => `ManagementModule option 'grpc.address' must be a host or IP address such as '127.0.0.1'.`,
  portWithoutWorker: () =>
    `ManagementModule option 'grpc.port' is served by the probe worker, which runs beside the management 'port': ` +
    `set 'port' (e.g. 9000) too, and leave 'probes.worker' on. To serve the health service on your own gRPC microservice instead, see GrpcHealth.`,
  samePort: (port: number) =>
    `ManagementModule option 'grpc.port' (${port}) must differ from the management 'port': HTTP and gRPC are served on a port each.`,
  portLost: (reason: string) => `The gRPC health port could not be served on the main thread either: ${reason}`,
  notInstalled: () =>
    `ManagementModule option 'grpc.port' needs the package @grpc/grpc-js, which the probe worker loads from the application's node_modules, ` +
    `and it is not installed there: run npm install @grpc/grpc-js (in a one-file bundle, leave @grpc/grpc-js out of the bundle and install it beside it).`,
} as const;
