import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { findDecoratedProviders } from '../discovery/decorated-providers.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { INFO_CONTRIBUTOR_METADATA } from './info-contributor.decorator.js';
import { InfoRegistry } from './info.registry.js';

/** Finds providers marked `@InfoContributor` in any module and hands them to the registry. */
@Injectable()
export class InfoContributorExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: InfoRegistry,
  ) {}

  onModuleInit(): void {
    for (const { metadata: name, instance, isStatic, owner } of findDecoratedProviders<string>(this.discovery, INFO_CONTRIBUTOR_METADATA)) {
      if (!isStatic) {
        throw new ManagementConfigurationError(messages.nonStaticContributor(name, owner));
      }
      const contribute = instance?.contribute;
      if (typeof contribute !== 'function') {
        throw new ManagementConfigurationError(messages.missingContribute(name, owner));
      }
      this.registry.register(name, () => contribute.call(instance), owner);
    }
  }
}
