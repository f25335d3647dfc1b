import type { DiscoveryService } from '@nestjs/core';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/** A provider carrying the metadata a decorator of ours attached to its class. */
export interface DecoratedProvider<Metadata> {
  readonly metadata: Metadata;
  /** The singleton instance; undefined for request- or transient-scoped providers. */
  readonly instance: Record<string, unknown> | undefined;
  /** Whether it is a singleton (no request/transient scope anywhere in its dependency tree). */
  readonly isStatic: boolean;
  /** "ClassName (provider in ModuleName)", for error messages. */
  readonly owner: string;
}

/** Every provider of every module whose class carries `metadataKey`, each instance once. */
export function findDecoratedProviders<Metadata>(discovery: DiscoveryService, metadataKey: string): DecoratedProvider<Metadata>[] {
  const found: DecoratedProvider<Metadata>[] = [];
  const seen = new Set<unknown>();
  for (const wrapper of discovery.getProviders()) {
    const metadata = metadataOf<Metadata>(wrapper, metadataKey);
    if (!metadata) continue;
    const isStatic = wrapper.isDependencyTreeStatic();
    const instance = isStatic ? (wrapper.instance as Record<string, unknown> | undefined) : undefined;
    if (isStatic) {
      if (!instance || seen.has(instance)) continue;
      seen.add(instance);
    }
    found.push({ metadata, instance, isStatic, owner: ownerOf(wrapper) });
  }
  return found;
}

function metadataOf<Metadata>(wrapper: ProviderWrapper, metadataKey: string): Metadata | undefined {
  const candidates = [wrapper.metatype, (wrapper.instance as object | undefined)?.constructor];
  for (const candidate of candidates) {
    if (typeof candidate !== 'function') continue;
    const metadata = Reflect.getMetadata(metadataKey, candidate) as Metadata | undefined;
    if (metadata) return metadata;
  }
  return undefined;
}

function ownerOf(wrapper: ProviderWrapper): string {
  const className = typeof wrapper.metatype === 'function' && wrapper.metatype.name ? wrapper.metatype.name : String(wrapper.name);
  return `${className} (provider in ${wrapper.host?.name ?? 'an unknown module'})`;
}
