import { scrubUrls } from '../secrets/secret-scrubber.js';
import { dependencyMessages, ManagementConfigurationError } from '../messages.js';

/** A service dependency in full; the string forms are shorthands for `url`. */
export interface ServiceDependencyOptions {
  /** A base URL, a host/path, or a bare host[:port] running this same module (see the README). */
  url: string;
  /** Milliseconds before the call counts as DOWN. Default: the module's `timeout`. */
  timeout?: number;
  /**
   * Groups the dependency belongs to. Default none: it is part of /health and /health/{name}
   * only. Add `'readiness'` to take this instance out of service while the dependency is down,
   * knowing that a dependency shared by every replica then takes them all out at once.
   */
  groups?: readonly string[];
  /** Whether its failure fails the aggregate. Default `true`. */
  critical?: boolean;
  /** Extra request headers, e.g. an Authorization header the dependency expects. */
  headers?: Readonly<Record<string, string>>;
}

/** `name -> where its management endpoints live`. */
export type ServiceDependencies = Readonly<Record<string, string | ServiceDependencyOptions>>;

/** A dependency with both URLs worked out. */
export interface ResolvedServiceDependency {
  readonly name: string;
  /** Called for /health and /health/{name}. */
  readonly healthUrl: string;
  /** Called for /health/readiness. */
  readonly readinessUrl: string;
  readonly timeout?: number;
  readonly groups?: readonly string[];
  readonly critical?: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const KNOWN_KEYS = ['url', 'timeout', 'groups', 'critical', 'headers'];

/** The scheme for values given without one: `PREFERRED_URL_SCHEME`, then `SCHEME`, else http. */
export function preferredScheme(environment: NodeJS.ProcessEnv = process.env): string {
  const scheme = (environment.PREFERRED_URL_SCHEME || environment.SCHEME || 'http').toLowerCase();
  return scheme === 'https' ? 'https' : 'http';
}

/** Validates the `serviceDependencies` option and works out each dependency's URLs. */
export function resolveServiceDependencies(value: unknown, basePath: string, scheme: string): ResolvedServiceDependency[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManagementConfigurationError(dependencyMessages.notAMap());
  }
  return Object.entries(value).map(([name, entry]) => resolveOne(name, entry, basePath, scheme));
}

function resolveOne(name: string, entry: unknown, basePath: string, scheme: string): ResolvedServiceDependency {
  const options = typeof entry === 'string' ? { url: entry } : entry;
  if (typeof options !== 'object' || options === null || typeof (options as { url?: unknown }).url !== 'string') {
    throw new ManagementConfigurationError(dependencyMessages.invalidEntry(name));
  }
  const full = options as ServiceDependencyOptions;
  for (const key of Object.keys(full)) {
    if (!KNOWN_KEYS.includes(key)) throw new ManagementConfigurationError(dependencyMessages.unknownKey(name, key, KNOWN_KEYS));
  }
  const headers = full.headers ?? {};
  if (typeof headers !== 'object' || headers === null || !Object.values(headers).every((header) => typeof header === 'string')) {
    throw new ManagementConfigurationError(dependencyMessages.invalidHeaders(name));
  }
  return { name, ...urlsOf(name, full.url.trim(), basePath, scheme), timeout: full.timeout, groups: full.groups, critical: full.critical, headers };
}

function urlsOf(name: string, value: string, basePath: string, scheme: string): { healthUrl: string; readinessUrl: string } {
  const trimmed = value.replace(/\/+$/, '');
  if (HAS_SCHEME.test(value)) {
    const base = validUrl(name, value, trimmed);
    return { healthUrl: base, readinessUrl: `${base}/readiness` };
  }
  if (trimmed.includes('/')) {
    const base = validUrl(name, value, `${scheme}://${trimmed}`);
    return { healthUrl: base, readinessUrl: `${base}/readiness` };
  }
  const health = validUrl(name, value, `${scheme}://${trimmed}${basePath}/health`);
  return { healthUrl: health, readinessUrl: `${health}/readiness` };
}

function validUrl(name: string, original: string, candidate: string): string {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new ManagementConfigurationError(dependencyMessages.invalidUrl(name, scrubUrls(original)));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ManagementConfigurationError(dependencyMessages.unsupportedScheme(name, url.protocol));
  }
  if (!url.hostname || /\s/.test(original) || url.search || url.hash) {
    throw new ManagementConfigurationError(dependencyMessages.invalidUrl(name, scrubUrls(original)));
  }
  return candidate;
}
