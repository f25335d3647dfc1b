import type { AbstractHttpAdapter } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathBelow } from './management-request.js';

type Handle = (request: unknown, response: ServerResponse, relativePath: string) => void;

const METHODS = ['GET', 'HEAD', 'POST'];

/**
 * Serves the base path as a route of the application's framework itself (an Express mount, a
 * Fastify route), for what the front door lets through: a request with a cookie, after the
 * application's middleware, and an in-process request that never crossed the server. It is not a
 * Nest route, so Nest's guards, interceptors, pipes and filters never run for it.
 */
export function mountBehindMiddleware(adapter: AbstractHttpAdapter, mount: string, handle: Handle): void {
  const instance = adapter.getInstance() as FastifyInstance & ExpressApplication;
  if (adapter.getType() === 'fastify') {
    // The path below the mount as the framework matched it (Fastify decodes it; the wildcard is '*').
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      handle(nodeRequestOf(request), reply.raw, request.params?.['*'] ?? '');
    };
    for (const url of [mount, `${mount}/*`]) instance.route({ method: METHODS, url, handler, exposeHeadRoute: false });
    return;
  }
  // Express strips the mount (matched case-insensitively, as its routes are) from `url`.
  instance.use(mount, (request: ExpressRequest, response: ServerResponse) => handle(request, response, pathBelow(request.url ?? '/', '') ?? ''));
}

/** What Fastify and its plugins keep on their request that the endpoints or an authorizer read. */
const FASTIFY_FIELDS = ['body', 'query', 'params', 'user', 'session', 'cookies'] as const;

/**
 * Node's request, as on every other door (what `app.use()` middleware put on it included), with
 * the body Fastify parsed and what its plugins set (`user`, `session`, `cookies`) carried over.
 */
function nodeRequestOf(request: FastifyRequest): IncomingMessage {
  const raw = request.raw as IncomingMessage & Record<string, unknown>;
  for (const field of FASTIFY_FIELDS) {
    if (raw[field] === undefined && request[field] !== undefined) raw[field] = request[field];
  }
  return raw;
}

interface FastifyRequest extends Partial<Record<(typeof FASTIFY_FIELDS)[number], unknown>> {
  readonly url: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly raw: IncomingMessage;
}

interface FastifyReply {
  readonly raw: ServerResponse;
  hijack(): void;
}

interface FastifyInstance {
  route(options: { method: string[]; url: string; handler: (request: FastifyRequest, reply: FastifyReply) => void; exposeHeadRoute: boolean }): unknown;
}

interface ExpressRequest extends IncomingMessage {
  readonly originalUrl: string;
}

interface ExpressApplication {
  use(path: string, handler: (request: ExpressRequest, response: ServerResponse) => void): unknown;
}
