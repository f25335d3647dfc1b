import { ManagementConfigurationError, springBootAdminMessages as text } from '../messages.js';

/**
 * Registration with a Spring Boot Admin server (`springBootAdmin` in the module options), as its
 * Java client does: `POST {url}/instances` once the application listens and again every `period`,
 * `DELETE {url}/instances/{id}` on shutdown. Off unless given.
 */
export interface SpringBootAdminOptions {
  /**
   * The Spring Boot Admin server, e.g. `'http://admin-server:8080'`, or several (tried in order
   * until one accepts, like the Java client's `register-once`). Required.
   */
  url: string | readonly string[];
  /** Name the application is listed under. Default: `name` of its package.json (what /info shows), else `'nest-application'`. */
  name?: string;
  /**
   * The application's URL as Spring Boot Admin can reach it (e.g. behind Docker or a proxy).
   * Default: `http(s)://{host}:{port}/` of the application's listening server, where `host` is the
   * address it is bound to, or for a wildcard address the machine's host name (its IP with `preferIp`).
   */
  serviceUrl?: string;
  /**
   * Where the management endpoints live. Default: `serviceUrl` + `basePath`, or with a management
   * `port` the same host on that port + `basePath`.
   */
  managementUrl?: string;
  /** The health endpoint Spring Boot Admin polls. Default: `managementUrl` + `'/health'`. */
  healthUrl?: string;
  /** Build the default URLs with the machine's IP address instead of its host name. Default `false`. */
  preferIp?: boolean;
  /** Milliseconds between registrations (the Java client's heartbeat). Default `10000`, at least `1000`. */
  period?: number;
  /** Milliseconds each call to the Spring Boot Admin server may take. Default `5000`. */
  timeout?: number;
  /** Basic authentication at the Spring Boot Admin server; give with `password`. Default none. */
  username?: string;
  /** Basic authentication at the Spring Boot Admin server; give with `username`. Default none. */
  password?: string;
  /**
   * Metadata sent with the registration; it overrides the `startup` timestamp added by default.
   * `'user.name'` and `'user.password'` are the credentials Spring Boot Admin sends (basic auth) when
   * it calls this application's endpoints. Never logged. Default `{}`.
   */
  metadata?: Readonly<Record<string, string>>;
  /** Deregister on shutdown, so the instance leaves the list instead of showing OFFLINE. Default `true`. */
  autoDeregister?: boolean;
}

/** The options after defaults and validation; `undefined` when registration is off. */
export interface ResolvedSpringBootAdminOptions {
  /** The servers' registration endpoints: `{url}/instances`, tried in order. */
  readonly registrationUrls: readonly string[];
  readonly name: string | undefined;
  readonly serviceUrl: string | undefined;
  readonly managementUrl: string | undefined;
  readonly healthUrl: string | undefined;
  readonly preferIp: boolean;
  readonly period: number;
  readonly timeout: number;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly autoDeregister: boolean;
}

export const SPRING_BOOT_ADMIN_DEFAULTS = { period: 10_000, minimumPeriod: 1_000, timeout: 5_000 } as const;

const KNOWN_KEYS = [
  'url',
  'name',
  'serviceUrl',
  'managementUrl',
  'healthUrl',
  'preferIp',
  'period',
  'timeout',
  'username',
  'password',
  'metadata',
  'autoDeregister',
];
const MAX_TIMER = 2_147_483_647;

/** Validates the `springBootAdmin` option once, at start-up; every error names the key. */
export function resolveSpringBootAdminOptions(value: unknown): ResolvedSpringBootAdminOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManagementConfigurationError(text.notAnObject());
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.includes(key)) throw new ManagementConfigurationError(text.unknownKey(key, KNOWN_KEYS));
  }
  const username = optionalText(options, 'username');
  const password = optionalText(options, 'password');
  if ((username === undefined) !== (password === undefined)) throw new ManagementConfigurationError(text.halfCredentials());
  return {
    registrationUrls: serverUrls(options.url).map((url) => `${url}/instances`),
    name: optionalText(options, 'name'),
    serviceUrl: optionalUrl(options, 'serviceUrl'),
    managementUrl: optionalUrl(options, 'managementUrl'),
    healthUrl: optionalUrl(options, 'healthUrl'),
    preferIp: optionalBoolean(options, 'preferIp') ?? false,
    period: milliseconds(options, 'period', SPRING_BOOT_ADMIN_DEFAULTS.minimumPeriod) ?? SPRING_BOOT_ADMIN_DEFAULTS.period,
    timeout: milliseconds(options, 'timeout', 1) ?? SPRING_BOOT_ADMIN_DEFAULTS.timeout,
    credentials: username !== undefined && password !== undefined ? { username, password } : undefined,
    metadata: stringMap(options.metadata),
    autoDeregister: optionalBoolean(options, 'autoDeregister') ?? true,
  };
}

function serverUrls(value: unknown): string[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) throw new ManagementConfigurationError(text.missingUrl());
  const urls: unknown[] = Array.isArray(value) ? value : [value];
  return urls.map((url, index) => validUrl(Array.isArray(value) ? `url[${index}]` : 'url', url).replace(/\/+$/, ''));
}

function optionalUrl(options: Record<string, unknown>, key: string): string | undefined {
  return options[key] === undefined ? undefined : validUrl(key, options[key]);
}

function validUrl(key: string, value: unknown): string {
  const url = typeof value === 'string' && URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new ManagementConfigurationError(text.invalidUrl(key));
  }
  return (value as string).trim();
}

function optionalText(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ManagementConfigurationError(text.notText(key));
  return value;
}

function optionalBoolean(options: Record<string, unknown>, key: string): boolean | undefined {
  const value = options[key];
  if (value !== undefined && typeof value !== 'boolean') throw new ManagementConfigurationError(text.notBoolean(key));
  return value;
}

function milliseconds(options: Record<string, unknown>, key: string, minimum: number): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > MAX_TIMER) {
    throw new ManagementConfigurationError(text.invalidMilliseconds(key, minimum, value));
  }
  return value;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const valid =
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
  if (!valid) throw new ManagementConfigurationError(text.notStringMap('metadata'));
  return { ...(value as Record<string, string>) };
}
