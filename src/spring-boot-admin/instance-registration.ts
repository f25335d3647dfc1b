import { networkInterfaces, hostname } from 'node:os';
import type { ResolvedSpringBootAdminOptions } from './spring-boot-admin.options.js';

/**
 * The body of `POST /instances`: Spring Boot Admin's registration, field for field what its Java
 * client sends. Spring Boot Admin polls `healthUrl`, reads the endpoints under `managementUrl` and
 * links to `serviceUrl`.
 */
export interface InstanceRegistration {
  readonly name: string;
  readonly managementUrl?: string;
  readonly healthUrl: string;
  readonly serviceUrl?: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Where a server listens: its bound address (possibly a wildcard) and port. */
export interface ListeningAddress {
  readonly address: string;
  readonly port: number;
  readonly secure: boolean;
}

/** What the registration is built from besides the options. */
export interface RegistrationContext {
  readonly basePath: string;
  /** The application's own server; undefined for an application without one. */
  readonly service: ListeningAddress | undefined;
  /** The separate management port, when `port` is set. */
  readonly management: ListeningAddress | undefined;
  /** The name /info reports (package.json). */
  readonly applicationName: string | undefined;
  /** When the application started (ISO 8601): the Java client's `startup` metadata. */
  readonly startup: string;
}

export const DEFAULT_INSTANCE_NAME = 'nest-application';

/**
 * Builds the registration the way the Java client's application factory does: given URLs win;
 * otherwise the service URL is the listening server's `scheme://host:port/`, the management URL
 * that URL (or the management port's) plus the base path, the health URL the management URL plus
 * `/health`. Undefined when no health URL can be had (no listening server and none given).
 */
export function instanceRegistration(options: ResolvedSpringBootAdminOptions, context: RegistrationContext): InstanceRegistration | undefined {
  const serviceUrl = options.serviceUrl ?? (context.service && `${origin(context.service, options.preferIp)}/`);
  const managementUrl =
    options.managementUrl ??
    (context.management ? `${origin(context.management, options.preferIp, context.service)}${context.basePath}` : serviceUrl && joined(serviceUrl, context.basePath));
  const healthUrl = options.healthUrl ?? (managementUrl && joined(managementUrl, '/health'));
  if (healthUrl === undefined) return undefined;
  return {
    name: options.name ?? context.applicationName ?? DEFAULT_INSTANCE_NAME,
    managementUrl,
    healthUrl,
    serviceUrl,
    metadata: { startup: context.startup, ...options.metadata },
  };
}

function joined(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * `scheme://host:port` of a listening server. A server bound to one address is reached there; one
 * bound to every address (`0.0.0.0`, `::`) by the machine's host name, or its IP with `preferIp`.
 * A management port on every address takes the application server's host, as in the Java client.
 */
function origin(server: ListeningAddress, preferIp: boolean, fallback?: ListeningAddress): string {
  const scheme = server.secure ? 'https' : 'http';
  const address = isWildcard(server.address) && fallback && !isWildcard(fallback.address) ? fallback.address : server.address;
  return `${scheme}://${urlHost(isWildcard(address) ? machineHost(preferIp) : address)}:${server.port}`;
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '::0' || address === '';
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The machine's host name, or with `preferIp` its first external IPv4 address (else IPv6, else loopback). */
function machineHost(preferIp: boolean): string {
  if (!preferIp) return hostname();
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && !entry.internal);
  const ipv4 = external.find((entry) => entry!.family === 'IPv4');
  const ipv6 = external.find((entry) => entry!.family === 'IPv6' && !entry!.address.startsWith('fe80'));
  return (ipv4 ?? ipv6)?.address ?? '127.0.0.1';
}
