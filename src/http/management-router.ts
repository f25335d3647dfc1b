import { RequestMethod } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { messages } from '../messages.js';
import { ManagementResponder } from './management-responder.js';

/** The framework a router is built on: the application's own. */
export type RouterPlatform = 'express' | 'fastify';

/** A request handed over without a socket, e.g. forwarded by the probe worker. */
export interface InjectedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
  body?: string;
}

/** What the router answered to an injected request. */
export interface InjectedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

type ControllerInstance = Record<string, (...args: unknown[]) => unknown>;
type Resolve = (token: Type) => unknown;
interface RouteArgument {
  index: number;
  data?: string;
}

/**
 * The management endpoints on an HTTP adapter of their own (Express or Fastify, like the
 * application), served without a second Nest application: a second NestFactory.create() would
 * replace the process-wide logger and run the shared services' lifecycle hooks again. Routes come
 * from the controllers' own Nest metadata; each controller gets a responder bound to this adapter.
 */
export class ManagementRouter {
  private constructor(
    private readonly adapter: AbstractHttpAdapter,
    private readonly platform: RouterPlatform,
  ) {}

  /** Builds the router for `controllers`, resolving their constructor dependencies with `resolve`. */
  static async create(platform: RouterPlatform, controllers: readonly Type[], resolve: Resolve): Promise<ManagementRouter> {
    const adapter = await createAdapter(platform);
    adapter.initHttpServer({});
    const responder = new ManagementResponder({ httpAdapter: adapter } as HttpAdapterHost);
    for (const controller of controllers) mountController(adapter, controller, resolve, responder);
    adapter.setNotFoundHandler((request: unknown, response: unknown) => notFound(adapter, responder, request, response));
    if (platform === 'fastify') await (adapter.getInstance() as { ready(): Promise<unknown> }).ready();
    return new ManagementRouter(adapter, platform);
  }

  get httpServer(): Server {
    return this.adapter.getHttpServer() as Server;
  }

  listen(port: number, address: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = this.httpServer;
      server.once('error', reject);
      const done = (error?: Error) => {
        server.off('error', reject);
        if (error) reject(error);
        else resolve();
      };
      if (this.platform === 'fastify') {
        (this.adapter.getInstance() as { listen(options: object): Promise<unknown> }).listen({ port, host: address }).then(() => done(), done);
      } else {
        server.listen(port, address, () => done());
      }
    });
  }

  /** Answers `request` as if it had come in over a socket from `remoteAddress`. */
  async inject(request: InjectedRequest): Promise<InjectedResponse> {
    const options = { method: request.method, url: request.url, headers: request.headers, remoteAddress: request.remoteAddress, payload: request.body };
    const response =
      this.platform === 'fastify'
        ? await (this.adapter.getInstance() as { inject(options: object): Promise<LightResponse> }).inject(options)
        : await (await lightMyRequest())(this.adapter.getInstance() as never, options as never);
    return { statusCode: response.statusCode, headers: response.headers, body: response.payload };
  }

  async close(): Promise<void> {
    if (this.platform === 'fastify') {
      await (this.adapter.getInstance() as { close(): Promise<unknown> }).close();
      return;
    }
    const server = this.httpServer;
    if (!server.listening) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }
}

let injector: Promise<typeof import('light-my-request').default> | undefined;

/** light-my-request, loaded once and only where requests are forwarded (Express with the probe worker). */
function lightMyRequest(): Promise<typeof import('light-my-request').default> {
  injector ??= import('light-my-request').then((module) => module.default);
  return injector;
}

interface LightResponse {
  statusCode: number;
  headers: InjectedResponse['headers'];
  payload: string;
}

async function createAdapter(platform: RouterPlatform): Promise<AbstractHttpAdapter> {
  if (platform === 'fastify') return new (await import('@nestjs/platform-fastify')).FastifyAdapter();
  const adapter = new (await import('@nestjs/platform-express')).ExpressAdapter();
  const app = adapter.getInstance() as ExpressApplication;
  app.disable('x-powered-by');
  isolatePrototypes(app);
  return adapter;
}

interface ExpressApplication {
  request: object;
  response: object;
  disable(setting: string): void;
}

/**
 * Gives this Express app request and response prototypes of its own. light-my-request, which
 * answers the probe worker's forwarded requests, re-parents the prototypes of the Express app it
 * is given; Express shares those across every app in the process, so without this copy the
 * application's own requests would be read by light-my-request's fake request methods.
 */
function isolatePrototypes(app: ExpressApplication): void {
  const own = (shared: object) => Object.create(Object.getPrototypeOf(shared) as object, Object.getOwnPropertyDescriptors(shared)) as object;
  const appProperty = { configurable: true, enumerable: true, writable: true, value: app };
  app.request = Object.create(own(Object.getPrototypeOf(app.request) as object), { app: appProperty }) as object;
  app.response = Object.create(own(Object.getPrototypeOf(app.response) as object), { app: appProperty }) as object;
}

function mountController(adapter: AbstractHttpAdapter, controller: Type, resolve: Resolve, responder: ManagementResponder): void {
  const types = (Reflect.getMetadata('design:paramtypes', controller) ?? []) as Type[];
  const injected = (Reflect.getMetadata('self:paramtypes', controller) ?? []) as { index: number; param: Type }[];
  const tokens = types.map((type, index) => injected.find((entry) => entry.index === index)?.param ?? type);
  const dependencies = tokens.map((token) => (token === ManagementResponder ? responder : resolve(token)));
  const instance = new controller(...dependencies) as ControllerInstance;
  const basePath = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  for (const name of methodNames(controller.prototype as object)) {
    const handler = instance[name]!;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) continue;
    const argumentsOf = argumentReader(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<string, RouteArgument> | undefined);
    const route = joinPath(basePath, path);
    const register = ROUTE_METHODS.get(method);
    if (!register) throw new Error(messages.unsupportedRouteMethod(controller.name, name, RequestMethod[method]));
    register.call(adapter, route, async (request: unknown, response: unknown) => {
      try {
        await handler.apply(instance, argumentsOf(request, response));
      } catch {
        if (!adapter.isHeadersSent(response)) responder.error(response, 500, 'Internal Server Error', messages.endpointFailed());
      }
    });
  }
}

const ROUTE_METHODS = new Map<RequestMethod, (this: AbstractHttpAdapter, path: string, handler: (request: unknown, response: unknown) => unknown) => unknown>([
  [RequestMethod.GET, function get(path, handler) {
    return this.get(path, handler);
  }],
  [RequestMethod.POST, function post(path, handler) {
    return this.post(path, handler);
  }],
]);

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let current = prototype; current && current !== Object.prototype; current = Object.getPrototypeOf(current) as object) {
    for (const name of Object.getOwnPropertyNames(current)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/** Builds a handler's arguments from its @Req/@Res/@Param/@Query/@Body/@Headers metadata. */
function argumentReader(metadata: Record<string, RouteArgument> | undefined): (request: unknown, response: unknown) => unknown[] {
  const readers: ((request: unknown, response: unknown) => unknown)[] = [];
  for (const [key, { index, data }] of Object.entries(metadata ?? {})) {
    const type = Number(key.split(':')[0]) as RouteParamtypes;
    readers[index] = (request, response) => {
      if (type === RouteParamtypes.RESPONSE) return response;
      const fields = request as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, unknown> };
      if (type === RouteParamtypes.PARAM) return data ? fields.params?.[data] : fields.params;
      if (type === RouteParamtypes.QUERY) return data ? fields.query?.[data] : fields.query;
      if (type === RouteParamtypes.BODY) return fields.body;
      if (type === RouteParamtypes.HEADERS) return data ? fields.headers?.[data.toLowerCase()] : fields.headers;
      return request;
    };
  }
  return (request, response) => Array.from(readers, (reader) => reader?.(request, response));
}

function joinPath(basePath: string, path: string): string {
  const joined = [basePath, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return `/${joined}`;
}

/** Nest's own 404 body, so clients see the same answer as from any Nest route. */
function notFound(adapter: AbstractHttpAdapter, responder: ManagementResponder, request: unknown, response: unknown): void {
  const method = String(adapter.getRequestMethod(request));
  const url = String(adapter.getRequestUrl(request));
  responder.json(response, 404, { message: `Cannot ${method} ${url}`, error: 'Not Found', statusCode: 404 });
}
