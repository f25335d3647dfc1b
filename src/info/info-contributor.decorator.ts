/** Metadata key under which `@InfoContributor` stores the section name on the class. */
export const INFO_CONTRIBUTOR_METADATA = 'nestjs-management-endpoints:info-contributor';

/** A provider that adds a section to /info: `contribute()` returns the section's object. */
export interface InfoSection {
  contribute(): unknown;
}

/**
 * Marks a provider class (implementing `InfoSection`) as the source of the /info section
 * `name`. Found at bootstrap in any module; it must be a singleton.
 */
export function InfoContributor(name: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(INFO_CONTRIBUTOR_METADATA, name, target);
  };
}
