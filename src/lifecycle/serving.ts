import type { HttpAdapterHost } from '@nestjs/core';

interface ListeningServer {
  readonly listening?: boolean;
  once(event: 'listening', listener: () => void): unknown;
}

/**
 * Calls `then` once the application serves: when its HTTP server listens, or at once for an
 * application without one (`createApplicationContext()`, a microservice), whose bootstrap ends
 * with `init()`. Readiness must not say UP while the application's own port still refuses.
 */
export function whenServing(adapterHost: HttpAdapterHost | undefined, then: () => void): void {
  let server: ListeningServer | undefined;
  try {
    server = adapterHost?.httpAdapter?.getHttpServer() as ListeningServer | undefined;
  } catch {
    server = undefined;
  }
  if (!server || typeof server.once !== 'function' || server.listening) return then();
  server.once('listening', then);
}
