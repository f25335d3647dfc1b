import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The names this server answers to, as the `Host` header gives them: IP addresses, `localhost`
 * and `*.localhost` always, and the names in `access.hosts` (a leading dot for a domain and its
 * subdomains). A browser page on a name the attacker points at this server's address (DNS
 * rebinding) sends that name as `Host`, so a request whose address alone would let it in must
 * also name the server by one of these.
 */
export class TrustedHosts {
  private readonly names: ReadonlySet<string>;
  private readonly domains: readonly string[];

  constructor(hosts: readonly string[]) {
    const entries = hosts.map((host) => withoutTrailingDot(host.toLowerCase()));
    this.names = new Set(entries.filter((entry) => !entry.startsWith('.')));
    this.domains = entries.filter((entry) => entry.startsWith('.'));
  }

  /** The request's `Host` when it is not one of these names; undefined when it is, or is absent (no browser omits it). */
  untrustedHostOf(request: unknown): string | undefined {
    const host = hostHeaderOf(request);
    if (host === undefined || this.trusts(hostnameOf(host))) return undefined;
    return host;
  }

  private trusts(name: string): boolean {
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return this.names.has(name) || this.domains.some((domain) => name.endsWith(domain) || name === domain.slice(1));
  }
}

/** Whether `entry` is a host name, an IP address, or a domain with a leading dot (`.example.com`). */
export function isHostEntry(entry: unknown): boolean {
  if (typeof entry !== 'string') return false;
  if (isIP(entry) !== 0) return true;
  const name = withoutTrailingDot(entry.startsWith('.') ? entry.slice(1) : entry);
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/** `Host` (HTTP/1.1) or `:authority` (HTTP/2) of an Express, Fastify or plain Node request. */
function hostHeaderOf(request: unknown): string | undefined {
  const candidate = request as { raw?: IncomingMessage; headers?: IncomingMessage['headers'] } | undefined;
  const headers = (candidate?.raw ?? candidate)?.headers;
  const host = headers?.host ?? headers?.[':authority'];
  return typeof host === 'string' ? host : undefined;
}

/** The name in a `Host` value, lower case, without its port, brackets or trailing dot. */
function hostnameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) return value.endsWith(']') || /\]:\d+$/.test(value) ? value.slice(1, value.indexOf(']')) : '';
  const colon = value.indexOf(':');
  return withoutTrailingDot(colon === -1 ? value : value.slice(0, colon));
}

function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
