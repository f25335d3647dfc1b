import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { findDecoratedProviders } from '../discovery/decorated-providers.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { HEALTH_CHECK_METADATA } from './health-check.decorator.js';
import type { HealthCheckMetadata } from './health-check.decorator.js';
import { HealthRegistry } from './health.registry.js';

/**
 * Finds every provider marked `@HealthCheck` in any module once the application's providers
 * exist, and hands each to the registry. A decorated provider that is not a singleton, or has
 * no `check()` method, stops start-up with a message naming it.
 */
@Injectable()
export class HealthCheckExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    for (const provider of findDecoratedProviders<HealthCheckMetadata>(this.discovery, HEALTH_CHECK_METADATA)) {
      const { metadata, instance, owner } = provider;
      if (!provider.isStatic) throw new ManagementConfigurationError(messages.nonStaticProvider(metadata.name, owner));
      const check = instance?.check;
      if (typeof check !== 'function') throw new ManagementConfigurationError(messages.missingCheckFunction(metadata.name, owner));
      this.registry.register({ ...metadata.options, name: metadata.name, check: check.bind(instance) }, owner);
    }
  }
}
