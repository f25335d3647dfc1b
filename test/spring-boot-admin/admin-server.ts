import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Spring Boot Admin server received. */
export interface AdminCall {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the fake server answers: as Spring Boot Admin does, with 503, not at all, or as Spring Boot Admin once released. */
export type AdminBehaviour = 'accept' | 'unavailable' | 'hang' | 'hold';

/** A fake Spring Boot Admin server on a free loopback port that records every call. */
export interface AdminServer {
  readonly url: string;
  readonly calls: AdminCall[];
  behaviour: AdminBehaviour;
  registrations(): AdminCall[];
  /** Answers the calls held so far (behaviour 'hold') as Spring Boot Admin would, and accepts from now on. */
  release(): void;
  close(): Promise<void>;
}

/** The id the fake server gives every instance (Spring Boot Admin's is a hash of the health URL). */
export const INSTANCE_ID = '6a1f9e2c04b7';

/**
 * Answers like Spring Boot Admin's InstancesController: `POST /instances` (JSON only) with 201,
 * a Location and `{ id }`; `DELETE /instances/{id}` with 204; anything else 404.
 */
export async function startAdminServer(behaviour: AdminBehaviour = 'accept'): Promise<AdminServer> {
  const calls: AdminCall[] = [];
  const held = new Set<ServerResponse>();
  const holding: [AdminCall, ServerResponse][] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const call = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
      calls.push(call);
      if (admin.behaviour === 'hang') return void held.add(response);
      if (admin.behaviour === 'hold') return void holding.push([call, response]);
      if (admin.behaviour === 'unavailable') return void response.writeHead(503).end();
      answer(call, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const admin: AdminServer = {
    url: `http://127.0.0.1:${port}`,
    calls,
    behaviour,
    registrations: () => calls.filter((call) => call.method === 'POST'),
    release: () => {
      admin.behaviour = 'accept';
      for (const [call, response] of holding.splice(0)) answer(call, response);
    },
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return admin;
}

function answer(call: AdminCall, response: ServerResponse): void {
  if (call.method === 'POST' && call.path === '/instances') {
    if (!String(call.headers['content-type']).startsWith('application/json')) return void response.writeHead(415).end();
    response.writeHead(201, { 'Content-Type': 'application/json', Location: `/instances/${INSTANCE_ID}` });
    return void response.end(JSON.stringify({ id: INSTANCE_ID }));
  }
  if (call.method === 'DELETE' && call.path === `/instances/${INSTANCE_ID}`) return void response.writeHead(204).end();
  response.writeHead(404).end();
}
