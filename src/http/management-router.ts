import type { Type } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messages } from '../messages.js';
import { declaredRoutes } from '../nest-internals/management-routes.js';
import type { DeclaredRoute } from '../nest-internals/management-routes.js';
import { markDoor } from './management-request.js';
import type { Door } from './management-request.js';
import type { ManagementResponder } from './management-responder.js';

/** A management controller with the instance Nest built for it. */
export interface MountedController {
  readonly type: Type;
  readonly instance: object;
}

interface Route {
  readonly handler: (...args: unknown[]) => unknown;
  readonly instance: object;
  readonly declared: DeclaredRoute;
  /** The path's segments; a segment starting with ':' is a parameter. */
  readonly segments: readonly string[];
}

/**
 * The management endpoints' one router, the same on every door: the application's port (ahead of
 * its pipeline, or behind its middleware for a request with a cookie), the management port's own
 * server, and the requests the probe worker forwards. It works on Node's own request and response
 * (or a framework request wrapping one), matches the paths the controllers declare, and answers
 * what matches nothing, a malformed path or a failing handler in JSON, never with a stack.
 */
export class ManagementRouter {
  private readonly fixed = new Map<string, Route>();
  private readonly parameterised: Route[] = [];

  constructor(
    controllers: readonly MountedController[],
    private readonly responder: ManagementResponder,
  ) {
    for (const { type, instance } of controllers) {
      for (const declared of declaredRoutes(type)) {
        const handler = (instance as Record<string, unknown>)[declared.handlerName] as Route['handler'];
        const route: Route = { handler, instance, declared, segments: declared.path === '' ? [] : declared.path.split('/') };
        if (route.segments.some((segment) => segment.startsWith(':'))) this.parameterised.push(route);
        else this.fixed.set(`${declared.method} ${declared.path}`, route);
      }
    }
  }

  /**
   * Answers `request`, whose path below the base path is `relativePath` (`'health/db'`, `''` for
   * the base path itself). `request` is Node's request or a framework's request around it;
   * `response` is Node's response.
   */
  handle(request: unknown, response: ServerResponse, relativePath: string, door: Door): void {
    try {
      this.route(request, response, relativePath, door);
    } catch {
      // Never thrown back: on the front door and the management port, that is the server's own listener.
      if (!response.headersSent) this.responder.error(response, 500, 'Internal Server Error', messages.endpointFailed());
    }
  }

  private route(request: unknown, response: ServerResponse, relativePath: string, door: Door): void {
    const method = methodOf(request);
    markDoor(request, door);
    const path = relativePath.replace(/\/+$/, '');
    const fixed = this.fixed.get(`${method} ${path}`);
    if (fixed) return this.call(fixed, request, response, EMPTY_PARAMS);
    const segments = path === '' ? [] : path.split('/');
    for (const route of this.parameterised) {
      if (route.declared.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params === null) continue;
      if (params === MALFORMED) return this.responder.error(response, 400, 'Bad Request', messages.malformedPath());
      return this.call(route, request, response, params);
    }
    this.notFound(request, response);
  }

  /** Nest's own 404 body, so clients see the same answer as from any Nest route. */
  notFound(request: unknown, response: ServerResponse): void {
    const message = `Cannot ${rawMethodOf(request)} ${urlOf(request).split('?', 1)[0]}`;
    this.responder.json(response, 404, { message, error: 'Not Found', statusCode: 404 });
  }

  private call(route: Route, request: unknown, response: ServerResponse, params: Readonly<Record<string, string>>): void {
    const failed = () => {
      if (!response.headersSent) this.responder.error(response, 500, 'Internal Server Error', messages.endpointFailed());
    };
    try {
      const result = route.handler.apply(route.instance, route.declared.argumentsOf(request, response, params));
      if (result instanceof Promise) result.catch(failed);
    } catch {
      failed();
    }
  }
}

const EMPTY_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const MALFORMED = Symbol('malformed');

/** The parameters of `segments` against a route's, null when they do not match. */
function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | null | typeof MALFORMED {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index]!;
    const actual = segments[index]!;
    if (!expected.startsWith(':')) {
      if (expected !== actual) return null;
      continue;
    }
    if (actual === '') return null;
    try {
      params[expected.slice(1)] = decodeURIComponent(actual);
    } catch {
      return MALFORMED;
    }
  }
  return params;
}

/** The method a route is looked up by: HEAD is answered as GET (Node leaves out the body). */
function methodOf(request: unknown): string {
  const method = rawMethodOf(request);
  return method === 'HEAD' ? 'GET' : method;
}

function rawMethodOf(request: unknown): string {
  return String((request as Partial<IncomingMessage>).method ?? 'GET').toUpperCase();
}

function urlOf(request: unknown): string {
  const { originalUrl, url } = request as { originalUrl?: unknown; url?: unknown };
  return typeof originalUrl === 'string' ? originalUrl : typeof url === 'string' ? url : '/';
}
