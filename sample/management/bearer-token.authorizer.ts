import { createHash, timingSafeEqual } from 'node:crypto';
import type { ManagementAuthorizer } from '../../src/index.js';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The `authorizer` option: a request may see health details when it sends
 * `Authorization: Bearer <token>`. Works on Express and Fastify, whose requests both carry
 * `headers`. Digests are compared in constant time so the token cannot be guessed by timing.
 */
export function bearerTokenAuthorizer(token: string): ManagementAuthorizer {
  const expected = digest(token);
  return (request) => {
    const header = (request as { headers?: Record<string, unknown> }).headers?.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
