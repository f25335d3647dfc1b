import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ManagementConfigurationError, messages } from '../messages.js';
import { HEALTH_CHECK_METADATA } from './health-check.decorator.js';
import type { HealthCheckMetadata } from './health-check.decorator.js';
import type { HealthIndicator } from './health-indicator.interface.js';
import { HealthRegistry } from './health.registry.js';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

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
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      const metadata = metadataOf(wrapper);
      if (!metadata) continue;
      const owner = ownerOf(wrapper);
      if (!wrapper.isDependencyTreeStatic()) {
        throw new ManagementConfigurationError(messages.nonStaticProvider(metadata.name, owner));
      }
      const instance = wrapper.instance as Partial<HealthIndicator> | undefined;
      if (!instance || seen.has(instance)) continue;
      seen.add(instance);
      if (typeof instance.check !== 'function') {
        throw new ManagementConfigurationError(messages.missingCheckFunction(metadata.name, owner));
      }
      this.registry.register({ ...metadata.options, name: metadata.name, check: instance.check.bind(instance) }, owner);
    }
  }
}

function metadataOf(wrapper: ProviderWrapper): HealthCheckMetadata | undefined {
  const candidates = [wrapper.metatype, (wrapper.instance as object | undefined)?.constructor];
  for (const candidate of candidates) {
    if (typeof candidate !== 'function') continue;
    const metadata = Reflect.getMetadata(HEALTH_CHECK_METADATA, candidate) as HealthCheckMetadata | undefined;
    if (metadata) return metadata;
  }
  return undefined;
}

function ownerOf(wrapper: ProviderWrapper): string {
  const className = typeof wrapper.metatype === 'function' && wrapper.metatype.name ? wrapper.metatype.name : String(wrapper.name);
  return `${className} (provider in ${wrapper.host?.name ?? 'an unknown module'})`;
}
