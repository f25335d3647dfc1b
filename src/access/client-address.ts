import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';
import { ManagementConfigurationError, messages } from '../messages.js';

type Trust = (address: string, hop: number) => boolean;

/**
 * Works out client addresses with proxy-addr (Express's own implementation), so Express and
 * Fastify apps agree, and matches them against an allow-list.
 */
export class ClientAddress {
  private readonly trust: Trust;
  private readonly allowed: Trust | undefined;

  constructor(trustProxy: boolean | number | readonly string[], allow: readonly string[] | undefined) {
    this.trust = trustFunction(trustProxy);
    this.allowed = allow && compile('access.allow', allow);
  }

  /** The client's address: the socket's, or the first untrusted one in X-Forwarded-For. */
  of(request: unknown): string | undefined {
    const raw = rawRequest(request);
    if (!raw?.socket) return undefined;
    try {
      return proxyAddr(raw, this.trust);
    } catch {
      return raw.socket.remoteAddress;
    }
  }

  /** Whether `request` comes from an allowed address; true when there is no allow-list. */
  isAllowed(request: unknown): boolean {
    if (!this.allowed) return true;
    const address = this.of(request);
    return address !== undefined && this.allowed(address, 0);
  }
}

function trustFunction(trustProxy: boolean | number | readonly string[]): Trust {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return compile('access.trustProxy', trustProxy);
}

function compile(key: string, entries: readonly string[]): Trust {
  try {
    return proxyAddr.compile([...entries]);
  } catch (error) {
    throw new ManagementConfigurationError(messages.invalidAddressList(key, (error as Error).message));
  }
}

/** Node's IncomingMessage behind an Express request (itself) or a Fastify request (`.raw`). */
function rawRequest(request: unknown): IncomingMessage | undefined {
  const candidate = request as { raw?: IncomingMessage; socket?: unknown } | undefined;
  if (candidate?.raw && typeof candidate.raw === 'object') return candidate.raw;
  return candidate?.socket ? (candidate as IncomingMessage) : undefined;
}
