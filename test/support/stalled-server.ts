import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A TCP server on 127.0.0.1 that accepts connections and never answers anything. */
export interface StalledServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every accepted connection (so clients see an error) and stops listening. */
  close(): Promise<void>;
}

export async function startStalledServer(): Promise<StalledServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    get accepted() {
      return accepted;
    },
    close: () => closeAll(server, sockets),
  };
}

/**
 * A TCP proxy on 127.0.0.1 to `targetPort` that forwards until `stall()`; from then on it keeps
 * every connection open and reads what clients send (counted in `bytesHeld`) but forwards nothing
 * either way: an established connection whose server stopped answering.
 */
export interface StallableProxy {
  readonly port: number;
  /** Bytes clients sent after `stall()`, which the server never saw. */
  readonly bytesHeld: number;
  stall(): void;
  close(): Promise<void>;
}

export async function startStallableProxy(targetPort: number): Promise<StallableProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  let bytesHeld = 0;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      if (stalled) bytesHeld += chunk.length;
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!stalled) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await listen(server);
  return {
    port,
    get bytesHeld() {
      return bytesHeld;
    },
    stall: () => {
      stalled = true;
    },
    close: () => closeAll(server, sockets),
  };
}

/** A loopback port nothing listens on (it was free a moment ago), so connecting is refused. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
