import type { HealthChangeKind } from '../health/health-change.js';

/** Metadata key under which `@OnHealthChange` stores its options on the method. */
export const ON_HEALTH_CHANGE_METADATA = 'nestjs-management-endpoints:on-health-change';

/** Which changes an `@OnHealthChange` method receives. */
export interface OnHealthChangeOptions {
  /** Only changes of these kinds. Default: every kind (`component`, `group`, `aggregate`). */
  kinds?: readonly HealthChangeKind[];
}

/**
 * Calls the decorated method of a singleton provider with every status change (a `HealthChange`,
 * the object the history records), after the turn of the event loop in which it happened. A
 * method that throws or rejects is logged and does not stop later changes.
 */
export function OnHealthChange(options: OnHealthChangeOptions = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(ON_HEALTH_CHANGE_METADATA, options, descriptor.value as object);
  };
}
