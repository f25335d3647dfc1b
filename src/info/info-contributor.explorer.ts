import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { findDecoratedProviders } from '../discovery/decorated-providers.js';
import { ManagementConfigurationError } from '../messages.js';
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
        throw new ManagementConfigurationError(`The /info contributor '${name}' is on ${owner}, which is not a singleton; make it default-scoped.`);
      }
      const contribute = instance?.contribute;
      if (typeof contribute !== 'function') {
        throw new ManagementConfigurationError(`The /info contributor '${name}' on ${owner} has no contribute() method; implement InfoSection.`);
      }
      this.registry.register(name, () => contribute.call(instance), owner);
    }
  }
}
