import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { ManagementAuthorizer, ManagementRequest } from '../../src/index.js';

const BEARER = /^Bearer +(\S+) *$/i;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The `authorizer` option: a request may see health details, the dashboard and /environment when
 * it sends `Authorization: Bearer <token>`. With `trustThisMachine` (the sample's demo default,
 * while no MANAGEMENT_TOKEN is set) a browser on this machine gets in too: a request from a
 * loopback address whose Host is a loopback name, so a page on a rebound DNS name does not.
 * Digests are compared in constant time so the token cannot be guessed by timing.
 */
export function bearerTokenAuthorizer(token: string, trustThisMachine = false): ManagementAuthorizer {
  const expected = digest(token);
  return (request) => {
    if (trustThisMachine && fromThisMachine(request)) return true;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  };
}

function fromThisMachine(request: ManagementRequest): boolean {
  const address = request.socket?.remoteAddress ?? '';
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopbackName = host === 'localhost' || (isIP(host) !== 0 && LOOPBACK.test(host));
  return LOOPBACK.test(address) && loopbackName && request.headers['x-forwarded-for'] === undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
