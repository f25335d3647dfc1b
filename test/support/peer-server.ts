import { after } from 'node:test';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A real HTTP server on a free loopback port, for a dependency that behaves in a chosen way. */
export interface PeerServer {
  /** `127.0.0.1:port` */
  readonly host: string;
  /** `http://127.0.0.1:port` */
  readonly url: string;
  /** Requests received so far, by path. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startPeer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<PeerServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with `body` as JSON. */
export function json(status: number, body: unknown) {
  return (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Within a suite: starts peer servers on demand and closes them all after the suite. */
export function suitePeers(): (handler: (request: IncomingMessage, response: ServerResponse) => void) => Promise<PeerServer> {
  const peers: PeerServer[] = [];
  after(() => Promise.all(peers.map((server) => server.close())));
  return async (handler) => {
    const server = await startPeer(handler);
    peers.push(server);
    return server;
  };
}
