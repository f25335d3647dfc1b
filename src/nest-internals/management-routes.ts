import { ApplicationConfig } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
export { callAppShutdownHook, callBeforeAppShutdownHook, callModuleDestroyHook } from '@nestjs/core/hooks/index.js';
export type { Module as NestModule } from '@nestjs/core/injector/module.js';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { messages } from '../messages.js';
import { methodNames } from './prototype-methods.js';

/**
 * What the module itself needs of what Nest keeps to itself (the other half, what the diagnostic
 * endpoints read of the application, is application-graph.ts; nothing else in src/ imports Nest's
 * internals): the route metadata (`@Get`, `@Post`, `@Req`, `@Res`, `@Param`) off the management
 * controllers, so the endpoints keep Nest's familiar decorators while the module's router serves
 * them; the application's global prefix and global enhancers from its `ApplicationConfig`; the
 * HTTP execution context a guard given as `authorizer` is asked with; and the lifecycle hooks
 * `POST /shutdown` runs as `app.close()` does. Tested on every supported Nest major by the install
 * matrix.
 */

/** The HTTP execution context a guard sees for `request`: `getClass()` is `controller`, `getHandler()` is `handler`. */
export function httpContext(request: unknown, response: unknown, controller: Type, handler: (...args: never[]) => unknown): ExecutionContext {
  const context = new ExecutionContextHost([request, response, undefined], controller, handler as never);
  context.setType('http');
  return context;
}

/**
 * One route of a controller: its method, path relative to the base path, and how to call it
 * (its handler's `@Req()`, `@Res()`, `@Param()` and `@Query()` arguments).
 */
export interface DeclaredRoute {
  readonly method: 'GET' | 'POST' | 'OPTIONS';
  readonly path: string;
  /** The handler's name on the controller, for messages. */
  readonly handlerName: string;
  /** Builds the handler's arguments from the request, the response and the path's parameters. */
  readonly argumentsOf: (request: unknown, response: unknown, params: Readonly<Record<string, string>>) => unknown[];
}

interface RouteArgument {
  readonly index: number;
  readonly data?: string;
}

const METHODS = new Map<RequestMethod, DeclaredRoute['method']>([
  [RequestMethod.GET, 'GET'],
  [RequestMethod.POST, 'POST'],
  [RequestMethod.OPTIONS, 'OPTIONS'],
]);

/** The routes `controller` declares with Nest's decorators. */
export function declaredRoutes(controller: Type): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const name of methodNames(controller.prototype as object)) {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function') continue;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) continue;
    const verb = METHODS.get(method);
    if (!verb) throw new Error(messages.unsupportedRouteMethod(controller.name, name, RequestMethod[method]));
    const metadata = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<string, RouteArgument> | undefined;
    routes.push({ method: verb, path: trimSlashes(path), handlerName: name, argumentsOf: argumentReader(metadata) });
  }
  return routes;
}

function argumentReader(metadata: Record<string, RouteArgument> | undefined): DeclaredRoute['argumentsOf'] {
  const readers: ((request: unknown, response: unknown, params: Readonly<Record<string, string>>) => unknown)[] = [];
  for (const [key, { index, data }] of Object.entries(metadata ?? {})) {
    const type = Number(key.split(':')[0]) as RouteParamtypes;
    if (type === RouteParamtypes.RESPONSE) readers[index] = (_request, response) => response;
    else if (type === RouteParamtypes.PARAM) readers[index] = (_request, _response, params) => (data ? params[data] : params);
    else if (type === RouteParamtypes.QUERY) readers[index] = (request) => queryOf(request, data);
    else readers[index] = (request) => request;
  }
  return (request, response, params) => Array.from(readers, (reader) => reader?.(request, response, params));
}

/** `@Query(name)`: one parameter of the request's query string (the first, or undefined); `@Query()`: all of them. */
function queryOf(request: unknown, name: string | undefined): unknown {
  const { originalUrl, url } = request as { originalUrl?: unknown; url?: unknown };
  const target = typeof originalUrl === 'string' ? originalUrl : typeof url === 'string' ? url : '';
  const start = target.indexOf('?');
  const query = new URLSearchParams(start === -1 ? '' : target.slice(start + 1));
  return name ? (query.get(name) ?? undefined) : Object.fromEntries(query);
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * Where the application's port serves the base path: behind the global prefix (`/api/z`), unless
 * the prefix's `exclude` list leaves the base path out of it, as it does any route of the app.
 */
export function mountOnApplication(config: ApplicationConfig | undefined, basePath: string): string {
  const prefix = trimSlashes(config?.getGlobalPrefix() ?? '');
  if (prefix === '') return basePath;
  const exclude = (config?.getGlobalPrefixOptions().exclude ?? []) as { pathRegex?: RegExp; requestMethod?: RequestMethod }[];
  const probe = `${basePath}/health`;
  const excluded = exclude.some(
    (route) => route.pathRegex instanceof RegExp && (route.requestMethod === undefined || route.requestMethod === RequestMethod.ALL || route.requestMethod === RequestMethod.GET) && (route.pathRegex.test(probe) || route.pathRegex.test(probe.slice(1))),
  );
  return excluded ? basePath : `/${prefix}${basePath}`;
}

/** The class names of the application's global guards and interceptors (`APP_GUARD`, `useGlobalGuards()`...). */
export function globalEnhancers(config: ApplicationConfig | undefined): { guards: string[]; interceptors: string[] } {
  if (!config) return { guards: [], interceptors: [] };
  const names = (instances: readonly unknown[], wrappers: readonly unknown[]) => [
    ...instances.map((instance) => (instance as object).constructor.name),
    ...wrappers.map((wrapper) => (wrapper as { metatype?: { name?: string }; name?: unknown }).metatype?.name ?? String((wrapper as { name?: unknown }).name)),
  ];
  const read = (method: keyof ApplicationConfig): readonly unknown[] => {
    const getter = config[method] as unknown;
    return typeof getter === 'function' ? ((getter as () => unknown[]).call(config) ?? []) : [];
  };
  return {
    guards: names(read('getGlobalGuards'), read('getGlobalRequestGuards')),
    interceptors: names(read('getGlobalInterceptors'), read('getGlobalRequestInterceptors')),
  };
}

/*
 * What the application is made of (/mappings, /beans, /scheduledtasks): read off the metadata
 * Nest's decorators leave and the module graph Nest builds, never changed.
 */
