import { serviceIdentityOf } from '../info/service-identity.js';
import type { ResolvedManagementOptions } from '../management.options.js';

/**
 * Actuator's documents for what an application is made of (mappings, beans, configprops) are
 * keyed by application context; a Nest application has one, named here after the application's
 * package (`application` when it has none), as Spring names it after `spring.application.name`.
 */
export function inApplicationContext<T extends object>(options: ResolvedManagementOptions, body: T): { contexts: Record<string, T & { parentId: null }> } {
  return { contexts: { [serviceIdentityOf(options).serviceId ?? 'application']: { ...body, parentId: null } } };
}
