import { Inject, Injectable } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import type { InfoSectionFactory } from './info.options.js';

/** Sections /info always has; contributors may not take these names. */
export const BUILT_IN_INFO_SECTIONS: readonly string[] = ['app', 'build', 'git', 'trace.attributes'];

/**
 * Holds the contributed /info sections by name: `@InfoContributor` providers, the `info.contributors`
 * option, and whatever the application adds at run time.
 */
@Injectable()
export class InfoRegistry {
  private readonly sections = new Map<string, { factory: InfoSectionFactory; source: string }>();

  constructor(@Inject(MANAGEMENT_OPTIONS) options: ResolvedManagementOptions) {
    for (const [name, factory] of Object.entries(options.info.contributors)) this.register(name, factory, "the 'info.contributors' option");
  }

  /** Adds the section `name`; throws if the name is taken or not usable. */
  register(name: string, factory: InfoSectionFactory, source = 'InfoRegistry.register()'): void {
    if (typeof name !== 'string' || name.length === 0 || name.length > 128) {
      throw new ManagementConfigurationError(messages.invalidInfoSectionName(name, source));
    }
    if (BUILT_IN_INFO_SECTIONS.includes(name)) {
      throw new ManagementConfigurationError(messages.builtInInfoSection(name, source));
    }
    const existing = this.sections.get(name);
    if (existing) {
      throw new ManagementConfigurationError(messages.duplicateInfoSection(name, existing.source, source));
    }
    if (typeof factory !== 'function') {
      throw new ManagementConfigurationError(messages.missingInfoFactory(name, source));
    }
    this.sections.set(name, { factory, source });
  }

  remove(name: string): boolean {
    return this.sections.delete(name);
  }

  entries(): [string, InfoSectionFactory][] {
    return [...this.sections].map(([name, { factory }]) => [name, factory]);
  }
}
