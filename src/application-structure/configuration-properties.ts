import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { nestConfigValues } from '../environment/nest-config.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { scrubValue } from '../secrets/secret-scrubber.js';
import { inApplicationContext } from './application-context.js';

/** Where @nestjs/config keeps the environment its `validate`/`validationSchema` checked. */
const VALIDATED_ENVIRONMENT = '_PROCESS_ENV_VALIDATED';

/** The bean that holds the values read without a namespace (`config.get('PORT')`). */
export const UNGROUPED_BEAN = 'ConfigService';

/** A group of configuration values in Actuator's configprops shape. */
export interface ConfigurationBean {
  readonly prefix: string;
  readonly properties: Record<string, unknown>;
  /** Each value with where it is read from: the `ConfigService.get()` call that returns it. */
  readonly inputs: Record<string, unknown>;
}

/**
 * GET /configprops: the values @nestjs/config's `ConfigService` holds, every secret scrubbed.
 * Each object at the top (a `registerAs('database', ...)` namespace, or an object a `load`
 * factory returned) is a bean whose prefix is its key, so Spring Boot Admin shows `database.host`
 * as `config.get('database.host')` reads it; the rest (top-level values and the validated
 * environment) is the `ConfigService` bean. Plain `process.env` is /environment's to show.
 */
@Injectable()
export class ConfigurationProperties {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  async collect(): Promise<object> {
    const values = scrubValue((await nestConfigValues(this.moduleRef)) ?? {}) as Record<string, unknown>;
    const beans: Record<string, ConfigurationBean> = {};
    const ungrouped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (key === VALIDATED_ENVIRONMENT && isPlainObject(value)) Object.assign(ungrouped, value);
      else if (isPlainObject(value)) beans[key] = beanOf(key, value);
      else ungrouped[key] = value;
    }
    if (Object.keys(ungrouped).length > 0) beans[UNGROUPED_BEAN] = beanOf(UNGROUPED_BEAN, ungrouped, '');
    return inApplicationContext(this.options, { beans });
  }
}

function beanOf(prefix: string, properties: Record<string, unknown>, path = prefix): ConfigurationBean {
  return { prefix, properties, inputs: inputsOf(properties, path) };
}

/** The properties' tree with each value replaced by `{ value, origin }`. */
function inputsOf(value: unknown, path: string): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    inputs[key] = isPlainObject(item) ? inputsOf(item, itemPath) : { value: item, origin: `ConfigService.get('${itemPath}')` };
  }
  return inputs;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
