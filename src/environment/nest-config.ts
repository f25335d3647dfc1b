import type { ModuleRef } from '@nestjs/core';

/**
 * The configuration held by @nestjs/config's `ConfigService` (what `load` factories and
 * `registerAs` namespaces produced, and the validated environment), when the application uses
 * it; undefined otherwise. @nestjs/config is an optional peer, loaded only when asked.
 */
export async function nestConfigValues(moduleRef: ModuleRef): Promise<Record<string, unknown> | undefined> {
  let configServiceClass: unknown;
  try {
    configServiceClass = (await import('@nestjs/config')).ConfigService;
  } catch {
    return undefined;
  }
  try {
    const service = moduleRef.get(configServiceClass as new () => object, { strict: false }) as { internalConfig?: Record<string, unknown> };
    return service.internalConfig;
  } catch {
    return undefined;
  }
}
