import { Inject, Injectable, Optional, VersioningType } from '@nestjs/common';
import type { VersioningOptions } from '@nestjs/common';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { applicationRoutes } from '../nest-internals/application-graph.js';
import { globalEnhancers } from '../nest-internals/management-routes.js';
import type { ApplicationRoute } from '../nest-internals/application-graph.js';
import { inApplicationContext } from './application-context.js';

/** A header or parameter condition, as Actuator writes one. */
interface NameValueCondition {
  readonly name: string;
  readonly value: string;
  readonly negate: boolean;
}

/** One route in the shape of Actuator's `dispatcherServlet` mappings (what Spring Boot Admin's Mappings tab lists). */
export interface RouteMapping {
  readonly handler: string;
  readonly predicate: string;
  readonly details: {
    readonly handlerMethod: { readonly className: string; readonly name: string; readonly descriptor: string };
    readonly requestMappingConditions: {
      readonly consumes: readonly { mediaType: string; negate: boolean }[];
      readonly headers: readonly NameValueCondition[];
      readonly methods: readonly string[];
      readonly params: readonly NameValueCondition[];
      readonly patterns: readonly string[];
      readonly produces: readonly { mediaType: string; negate: boolean }[];
    };
    /** Beyond Actuator's shape: the route's versions, and the guards and interceptors Nest runs for it, global ones first. */
    readonly versions: readonly string[];
    readonly guards: readonly string[];
    readonly interceptors: readonly string[];
  };
}

/**
 * GET /mappings: every route of the application's controllers (not the management endpoints,
 * which Nest's router never sees), with the paths Nest serves them at, their versions, and the
 * guards and interceptors they pass. With header or media-type versioning, a route serving
 * several versions is listed once per version, each with its condition; a controller bound to a
 * `host` has it as a `Host` header condition.
 */
@Injectable()
export class RouteMappings {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly modules: ModulesContainer,
    @Optional() private readonly config?: ApplicationConfig,
  ) {}

  collect(): object {
    const mappings = this.config ? this.mappings(this.config) : [];
    return inApplicationContext(this.options, { mappings: { dispatcherServlets: { dispatcherServlet: mappings } } });
  }

  private mappings(config: ApplicationConfig): RouteMapping[] {
    const global = globalEnhancers(config);
    const versioning = config.getVersioning();
    return applicationRoutes(this.modules, config).flatMap((route) =>
      versionConditions(route, versioning).map((condition) => mappingOf(route, condition, global)),
    );
  }
}

interface VersionCondition {
  readonly headers: NameValueCondition[];
  readonly produces: { mediaType: string; negate: boolean }[];
}

const NO_CONDITION: VersionCondition = { headers: [], produces: [] };

/** What the request must carry to reach each version of `route` (nothing for URI versioning: the path says it). */
function versionConditions(route: ApplicationRoute, versioning: VersioningOptions | undefined): VersionCondition[] {
  const versions = route.versions.filter((version) => version !== 'VERSION_NEUTRAL');
  if (!versioning || versions.length === 0 || versions.length < route.versions.length) return [NO_CONDITION];
  if (versioning.type === VersioningType.HEADER) {
    return versions.map((value) => ({ headers: [{ name: versioning.header, value, negate: false }], produces: [] }));
  }
  if (versioning.type === VersioningType.MEDIA_TYPE) {
    return versions.map((value) => ({ headers: [], produces: [{ mediaType: `*/*;${versioning.key}${value}`, negate: false }] }));
  }
  return [NO_CONDITION];
}

function mappingOf(route: ApplicationRoute, condition: VersionCondition, global: { guards: string[]; interceptors: string[] }): RouteMapping {
  const className = route.controller.name;
  const parameters = ((Reflect.getMetadata('design:paramtypes', route.controller.prototype as object, route.handlerName) ?? []) as { name?: string }[])
    .map((type) => type?.name ?? 'Object')
    .join(', ');
  const methods = route.method === 'ALL' ? [] : [route.method];
  const hosts = route.hosts.map((host) => ({ name: 'Host', value: host, negate: false }));
  const conditions = { consumes: [], headers: [...hosts, ...condition.headers], methods, params: [], patterns: route.paths, produces: condition.produces };
  return {
    handler: `${className}#${route.handlerName}(${parameters})`,
    predicate: predicateOf(conditions),
    details: {
      handlerMethod: { className, name: route.handlerName, descriptor: `(${parameters})` },
      requestMappingConditions: conditions,
      versions: route.versions,
      guards: [...global.guards, ...route.guards],
      interceptors: [...global.interceptors, ...route.interceptors],
    },
  };
}

/** Spring's one-line summary of a mapping: `{GET [/v1/cats], headers [X-Version=1]}`. */
function predicateOf(conditions: { methods: readonly string[]; patterns: readonly string[]; headers: readonly NameValueCondition[]; produces: readonly { mediaType: string }[] }): string {
  const parts = [conditions.methods.join(' || '), `[${conditions.patterns.join(', ')}]`].filter((part) => part !== '');
  if (conditions.headers.length > 0) parts.push(`headers [${conditions.headers.map((header) => `${header.name}=${header.value}`).join(', ')}]`);
  if (conditions.produces.length > 0) parts.push(`produces [${conditions.produces.map((type) => type.mediaType).join(', ')}]`);
  return `{${parts.join(' ')}}`;
}
