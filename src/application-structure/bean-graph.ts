import { Inject, Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { moduleOutlines } from '../nest-internals/application-graph.js';
import type { ModuleMember } from '../nest-internals/application-graph.js';
import { inApplicationContext } from './application-context.js';

/** A bean in Actuator's shape, plus what it is in Nest (`kind`). */
export interface Bean {
  aliases: string[];
  /** Spring's names for Nest's scopes: `singleton` (default), `prototype` (transient), `request`. */
  readonly scope: 'singleton' | 'prototype' | 'request';
  readonly type: string;
  /** The module that declares it; null for a module. */
  readonly resource: string | null;
  /** Constructor parameters, `@Inject()` properties and a factory's `inject`; a module's imports. */
  readonly dependencies: readonly string[];
  readonly kind: 'module' | ModuleMember['kind'];
}

const SPRING_SCOPES = { default: 'singleton', transient: 'prototype', request: 'request' } as const;

/**
 * GET /beans: Nest's modules and what each declares (providers, controllers, and the guards,
 * interceptors, pipes and filters bound by decorators), with scope and dependencies. A name
 * declared by several modules is listed once per module, as `Name (Module)`; a `useExisting`
 * provider is listed as an alias of the bean it names.
 */
@Injectable()
export class BeanGraph {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly modules: ModulesContainer,
  ) {}

  collect(): object {
    return inApplicationContext(this.options, { beans: this.beans() });
  }

  private beans(): Record<string, Bean> {
    const outlines = moduleOutlines(this.modules);
    const entries: [string, string, Bean][] = [];
    const aliases: [string, string, string][] = [];
    for (const module of outlines) {
      entries.push([module.name, '', { aliases: [], scope: 'singleton', type: module.name, resource: null, dependencies: module.imports, kind: 'module' }]);
      for (const member of module.members) {
        if (member.aliasOf === member.name) continue;
        if (member.aliasOf !== undefined) aliases.push([member.aliasOf, module.name, member.name]);
        else entries.push([member.name, module.name, beanOf(member, module.name)]);
      }
    }
    const beans = uniquelyNamed(entries);
    for (const [target, module, alias] of aliases) {
      const bean = beans[target] ?? beans[`${target} (${module})`];
      if (bean) bean.aliases.push(alias);
    }
    return beans;
  }
}

function beanOf(member: ModuleMember, module: string): Bean {
  return { aliases: [], scope: SPRING_SCOPES[member.scope], type: member.typeName, resource: module, dependencies: member.dependencies, kind: member.kind };
}

/** The beans by name: a name taken more than once is qualified by its module, then numbered. */
function uniquelyNamed(entries: readonly [string, string, Bean][]): Record<string, Bean> {
  const counts = new Map<string, number>();
  for (const [name] of entries) counts.set(name, (counts.get(name) ?? 0) + 1);
  const beans: Record<string, Bean> = {};
  for (const [name, module, bean] of entries) {
    let key = counts.get(name)! > 1 && module !== '' ? `${name} (${module})` : name;
    for (let number = 2; key in beans; number++) key = `${name} #${number}`;
    beans[key] = bean;
  }
  return beans;
}
