import { ManagementConfigurationError, messages } from '../messages.js';
import { objectOption, sectionOption } from '../options/object-option.js';
import { isHostEntry } from './trusted-hosts.js';

/** Which endpoints an IP allow-list guards. */
export type AllowListScope = 'all' | 'details';

/** Network access to the management endpoints (`access` in the module options). */
export interface AccessOptions {
  /**
   * Client addresses allowed, as addresses or CIDR ranges, IPv4 or IPv6 (`'10.0.0.0/8'`, `'::1'`),
   * or the names `'loopback'`, `'linklocal'`, `'uniquelocal'`. Default: no restriction.
   */
  allow?: readonly string[];
  /**
   * `'details'` (default): outsiders still get plain statuses but never details or /environment.
   * `'all'`: outsiders get 403 from every management endpoint (mind your probes' source address).
   */
  scope?: AllowListScope;
  /**
   * Which proxies' `X-Forwarded-For` to believe when working out the client address: `false`
   * (default, the socket's address), `true` (any), a hop count, or addresses/CIDRs/names as in `allow`.
   */
  trustProxy?: boolean | number | string | readonly string[];
  /**
   * Metadata a guard given as `authorizer` finds on the handler it is shown
   * (`context.getHandler()`), as if the handler carried `@SetMetadata(key, value)` for each
   * entry: `{ roles: ['admin'] }` lets a `RolesGuard` reading `Reflector.get('roles', handler)`
   * find its roles. Default none.
   */
  authorizerMetadata?: Readonly<Record<string, unknown>>;
  /**
   * Names this server answers to besides IP addresses and `localhost` (`'app.internal'`, or
   * `'.internal.example.com'` for a domain and its subdomains). Where the address alone grants
   * details, /environment or an operation (`allow` with no `authorizer`), a request must name the
   * server as `Host` by an IP address, `localhost` or one of these, which keeps out a browser page
   * on a name rebound to this address (DNS rebinding). Default none.
   */
  hosts?: readonly string[];
}

export interface ResolvedAccessOptions {
  allow: readonly string[] | undefined;
  scope: AllowListScope;
  trustProxy: boolean | number | readonly string[];
  authorizerMetadata: Readonly<Record<string, unknown>>;
  hosts: readonly string[];
}

const KNOWN = ['allow', 'scope', 'trustProxy', 'authorizerMetadata', 'hosts'];

export function resolveAccessOptions(value: unknown): ResolvedAccessOptions {
  const options = sectionOption('access', value, KNOWN) as AccessOptions;
  const { allow, scope = 'details', trustProxy = false } = options;
  if (allow !== undefined && (!Array.isArray(allow) || !allow.every((entry) => typeof entry === 'string'))) {
    throw new ManagementConfigurationError(messages.invalidAllowList());
  }
  if (scope !== 'all' && scope !== 'details') {
    throw new ManagementConfigurationError(messages.invalidScope(scope));
  }
  const trusted = typeof trustProxy === 'string' ? trustProxy.split(',').map((entry) => entry.trim()) : trustProxy;
  const validTrust =
    typeof trusted === 'boolean' ||
    (typeof trusted === 'number' && Number.isInteger(trusted) && trusted >= 0) ||
    (Array.isArray(trusted) && trusted.every((entry) => typeof entry === 'string'));
  if (!validTrust) {
    throw new ManagementConfigurationError(messages.invalidTrustProxy());
  }
  const authorizerMetadata = objectOption('access.authorizerMetadata', options.authorizerMetadata) as Record<string, unknown>;
  return { allow, scope, trustProxy: trusted as ResolvedAccessOptions['trustProxy'], authorizerMetadata, hosts: resolveHosts(options.hosts) };
}

function resolveHosts(hosts: unknown): readonly string[] {
  if (hosts === undefined) return [];
  if (!Array.isArray(hosts)) throw new ManagementConfigurationError(messages.invalidHosts(hosts));
  const bad = hosts.findIndex((entry) => !isHostEntry(entry));
  if (bad !== -1) throw new ManagementConfigurationError(messages.invalidHostEntry(hosts[bad]));
  return hosts as string[];
}
