import type { ServiceIdentity } from '../formats/health-json.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { readApplicationPackage } from './application-package.js';

/**
 * Who this service is, for formats that name it: the package name and version /info reports,
 * and the release /version answers when it is known without calling a function (the `version`
 * option as a string, or `VERSION`). Worked out once per options object.
 */
export function serviceIdentityOf(options: ResolvedManagementOptions): ServiceIdentity {
  let identity = identities.get(options);
  if (!identity) {
    const application = readApplicationPackage(options.info.packageJson);
    const release = typeof options.version === 'string' ? options.version : options.version ? undefined : process.env.VERSION || undefined;
    identity = Object.freeze(definedOnly({ serviceId: application.name, version: application.version, releaseId: release }));
    identities.set(options, identity);
  }
  return identity;
}

const identities = new WeakMap<ResolvedManagementOptions, ServiceIdentity>();

function definedOnly(identity: Record<keyof ServiceIdentity, string | undefined>): ServiceIdentity {
  return Object.fromEntries(Object.entries(identity).filter(([, value]) => value !== undefined));
}
