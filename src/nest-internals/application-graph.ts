import { ApplicationConfig, ModuleRef } from '@nestjs/core';
import { RequestMethod, Scope, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import type { VersioningOptions, VersionValue } from '@nestjs/common/interfaces/version-options.interface.js';
import type { ModulesContainer } from '@nestjs/core';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js';
import {
  GUARDS_METADATA,
  HOST_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  MODULE_PATH,
  PARAMTYPES_METADATA,
  PATH_METADATA,
  PROPERTY_DEPS_METADATA,
  SELF_DECLARED_DEPS_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants.js';
import { methodNames, methodOf } from './prototype-methods.js';

/*
 * What the diagnostic endpoints read of the application through what Nest keeps to itself: for
 * /mappings, its controllers' routes (paths built by Nest's own `RoutePathFactory`); for /beans,
 * its module graph; for /scheduledtasks, @nestjs/schedule's decorator metadata. Tested on every
 * supported Nest major by the install matrix (/mappings and /beans).
 */

/** One route of an application controller, as Nest's router registers it. */
export interface ApplicationRoute {
  readonly controller: Type;
  readonly handlerName: string;
  /** `RequestMethod`'s names; `ALL` for `@All()`. */
  readonly method: string;
  /** The full paths Nest serves it at (global prefix, module path, URI version included). */
  readonly paths: readonly string[];
  /** Its versions (method's, else controller's, else the default), `'VERSION_NEUTRAL'` for the neutral one. */
  readonly versions: readonly string[];
  /** The `host` the controller is bound to, when it is. */
  readonly hosts: readonly string[];
  /** The class names of the guards and interceptors bound with `@UseGuards`/`@UseInterceptors`, controller's first. */
  readonly guards: readonly string[];
  readonly interceptors: readonly string[];
}

/**
 * The routes of the application's controllers, module by module, with their paths built by the
 * same `RoutePathFactory` Nest's router uses (so exclusions from the global prefix match).
 */
export function applicationRoutes(modules: ModulesContainer, config: ApplicationConfig): ApplicationRoute[] {
  const prefix = config.getGlobalPrefix();
  const shared = { factory: new RoutePathFactory(config), globalPrefix: prefix && !prefix.startsWith('/') ? `/${prefix}` : prefix, versioningOptions: config.getVersioning() };
  return [...modules.values()].flatMap((module) => {
    const modulePath = (Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ?? Reflect.getMetadata(MODULE_PATH, module.metatype)) as string | undefined;
    return [...module.controllers.values()].flatMap((wrapper) => {
      const controller = wrapper.metatype as Type | null;
      return controller?.prototype ? controllerRoutes(controller, { ...shared, modulePath }) : [];
    });
  });
}

interface RouteContext {
  readonly factory: RoutePathFactory;
  readonly globalPrefix: string;
  readonly versioningOptions: VersioningOptions | undefined;
  readonly modulePath: string | undefined;
}

function controllerRoutes(controller: Type, context: RouteContext): ApplicationRoute[] {
  const { factory, ...pathContext } = context;
  const { versioningOptions } = context;
  const controllerPaths = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
  const controllerVersion = versioningOptions ? ((Reflect.getMetadata(VERSION_METADATA, controller) as RouteVersion) ?? versioningOptions.defaultVersion) : undefined;
  const hosts = asArray(Reflect.getMetadata(HOST_METADATA, controller) as string | RegExp | (string | RegExp)[] | undefined).map(String);
  const routes: ApplicationRoute[] = [];
  for (const handlerName of methodNames(controller.prototype as object)) {
    const handler = methodOf(controller.prototype as object, handlerName);
    const methodPaths = handler && (Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined);
    if (!handler || methodPaths === undefined) continue;
    const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
    const methodVersion = Reflect.getMetadata(VERSION_METADATA, handler) as RouteVersion;
    const paths = controllerPaths.flatMap((ctrlPath) =>
      asArray(methodPaths).flatMap((methodPath) =>
        factory.create({ ...pathContext, ctrlPath: withSlash(ctrlPath), methodPath: withSlash(methodPath), controllerVersion, methodVersion }, requestMethod),
      ),
    );
    routes.push({
      controller,
      handlerName,
      method: RequestMethod[requestMethod],
      paths: [...new Set(paths)],
      versions: asArray(methodVersion ?? controllerVersion).map(versionName),
      hosts,
      guards: [...enhancerNames(GUARDS_METADATA, controller), ...enhancerNames(GUARDS_METADATA, handler)],
      interceptors: [...enhancerNames(INTERCEPTORS_METADATA, controller), ...enhancerNames(INTERCEPTORS_METADATA, handler)],
    });
  }
  return routes;
}

type RouteVersion = VersionValue | undefined;

function versionName(version: string | symbol): string {
  return version === VERSION_NEUTRAL ? 'VERSION_NEUTRAL' : String(version);
}

function enhancerNames(key: string, target: object): string[] {
  const enhancers = (Reflect.getMetadata(key, target) ?? []) as unknown[];
  return enhancers.map((enhancer) => (typeof enhancer === 'function' ? enhancer.name : (enhancer as object).constructor.name));
}

function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as T[])] : [value as T];
}

function withSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/** A provider, controller or enhancer of a module, as Nest built it. */
export interface ModuleMember {
  readonly kind: 'provider' | 'controller' | 'injectable';
  /** The injection token's name: a class's name, a string token, `Symbol(name)`. */
  readonly name: string;
  /** The class of what is injected: the provider's class, or the constructor of a factory's or value's result. */
  readonly typeName: string;
  /** Its declared scope; `request` also for a provider Nest builds per request because of what it depends on. */
  readonly scope: 'default' | 'transient' | 'request';
  /** For `useExisting`: the name of the token it is another name for. */
  readonly aliasOf?: string;
  /** The names of the tokens it is built from: constructor parameters, properties, a factory's `inject`. */
  readonly dependencies: readonly string[];
}

/** A module as Nest built it, with what it declares (not what it imports). */
export interface ModuleOutline {
  readonly name: string;
  readonly global: boolean;
  readonly imports: readonly string[];
  readonly members: readonly ModuleMember[];
}

/**
 * The application's modules, each with its providers, controllers and enhancers (guards,
 * interceptors, pipes, filters bound by decorators), leaving out the providers Nest adds to every
 * module (the module class itself, its `ModuleRef` and `ApplicationConfig`), and with the
 * modules it imports itself (not the global ones Nest links every module to).
 */
export function moduleOutlines(modules: ModulesContainer): ModuleOutline[] {
  return [...modules.values()].map((module) => {
    const members: ModuleMember[] = [];
    const add = (kind: ModuleMember['kind'], wrappers: Iterable<InstanceWrapperView>) => {
      for (const wrapper of wrappers) {
        if (wrapper.token === module.metatype || wrapper.token === ModuleRef || wrapper.token === ApplicationConfig) continue;
        members.push(memberOf(kind, wrapper));
      }
    };
    add('provider', module.providers.values() as Iterable<InstanceWrapperView>);
    add('controller', module.controllers.values() as Iterable<InstanceWrapperView>);
    add('injectable', module.injectables.values() as Iterable<InstanceWrapperView>);
    return { name: module.name as string, global: module.isGlobal, imports: [...module.imports].filter((imported) => !imported.isGlobal).map((imported) => imported.name as string), members };
  });
}

interface InstanceWrapperView {
  readonly token: unknown;
  readonly metatype: unknown;
  readonly inject?: readonly unknown[] | null;
  readonly scope?: Scope;
  readonly isAlias: boolean;
  readonly instance: unknown;
  isDependencyTreeStatic(): boolean;
}

function memberOf(kind: ModuleMember['kind'], wrapper: InstanceWrapperView): ModuleMember {
  const name = tokenName(wrapper.token);
  const isClass = typeof wrapper.metatype === 'function' && !wrapper.inject;
  const scope = wrapper.scope === Scope.TRANSIENT ? 'transient' : wrapper.scope === Scope.REQUEST || !wrapper.isDependencyTreeStatic() ? 'request' : 'default';
  const instance = wrapper.instance as { constructor?: { name?: string } } | null | undefined;
  const typeName = isClass ? (wrapper.metatype as Type).name : instance && typeof instance === 'object' ? (instance.constructor?.name ?? 'Object') : typeof instance;
  const dependencies = isClass ? constructorDependencies(wrapper.metatype as Type) : (wrapper.inject ?? []).map(injectedName);
  if (wrapper.isAlias && wrapper.inject?.[0] !== undefined) return { kind, name, typeName, scope, aliasOf: injectedName(wrapper.inject[0]), dependencies };
  return { kind, name, typeName, scope, dependencies };
}

/** The constructor's parameters (`@Inject(token)` over the declared type) and `@Inject()` properties. */
function constructorDependencies(type: Type): string[] {
  const declared = [...((Reflect.getMetadata(PARAMTYPES_METADATA, type) ?? []) as unknown[])];
  for (const { index, param } of (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, type) ?? []) as { index: number; param: unknown }[]) declared[index] = param;
  const properties = ((Reflect.getMetadata(PROPERTY_DEPS_METADATA, type) ?? []) as { type: unknown }[]).map((property) => property.type);
  return [...declared, ...properties].filter((token) => token !== undefined && token !== Object).map(injectedName);
}

function injectedName(token: unknown): string {
  if (token && typeof token === 'object' && 'token' in token) return injectedName((token as { token: unknown }).token);
  if (token && typeof token === 'object' && 'forwardRef' in token) return injectedName((token as { forwardRef: () => unknown }).forwardRef());
  return tokenName(token);
}

/** A token's name as the beans list shows it. */
export function tokenName(token: unknown): string {
  if (typeof token === 'function') return token.name || 'anonymous';
  return String(token);
}

/** A method with @nestjs/schedule's `@Cron()`, `@Interval()` or `@Timeout()`. */
export interface ScheduledMethod {
  readonly kind: 'cron' | 'interval' | 'timeout';
  /** `Class.method`, as Actuator names a task's runnable. */
  readonly target: string;
  /** The name given to the decorator, under which the job is in `SchedulerRegistry`. */
  readonly name?: string;
  /** A cron job's expression (or date). */
  readonly cronTime?: string;
  /** An interval's or timeout's milliseconds. */
  readonly milliseconds?: number;
}

/** @nestjs/schedule's metadata keys and `SchedulerType` values (its own explorer reads the same). */
const SCHEDULE_KINDS: Readonly<Record<number, ScheduledMethod['kind']>> = { 1: 'cron', 2: 'timeout', 3: 'interval' };

/** The scheduled methods of the given providers' and controllers' instances, as @nestjs/schedule's explorer finds them. */
export function scheduledMethods(instances: readonly unknown[]): ScheduledMethod[] {
  const found: ScheduledMethod[] = [];
  for (const instance of instances) {
    const prototype = instance && typeof instance === 'object' ? (Object.getPrototypeOf(instance) as object | null) : null;
    if (!prototype) continue;
    for (const name of methodNames(prototype)) {
      const method = methodOf(prototype, name);
      if (!method) continue;
      const kind = SCHEDULE_KINDS[Reflect.getMetadata('SCHEDULER_TYPE', method) as number];
      if (!kind) continue;
      const target = `${prototype.constructor.name}.${name}`;
      if (kind === 'cron') {
        const options = (Reflect.getMetadata('SCHEDULE_CRON_OPTIONS', method) ?? {}) as { name?: string; cronTime?: unknown };
        found.push({ kind, target, name: options.name || undefined, cronTime: String(options.cronTime) });
      } else {
        const options = (Reflect.getMetadata(kind === 'interval' ? 'SCHEDULE_INTERVAL_OPTIONS' : 'SCHEDULE_TIMEOUT_OPTIONS', method) ?? {}) as { timeout?: number };
        found.push({ kind, target, name: (Reflect.getMetadata('SCHEDULER_NAME', method) as string | undefined) || undefined, milliseconds: options.timeout });
      }
    }
  }
  return found;
}
