import type { IncomingMessage } from 'node:http';
import type { CanActivate, Type } from '@nestjs/common';
import { ManagementConfigurationError, messages } from '../messages.js';

/** Who may see check details (error messages, observed values): Spring's `show-details`. */
export type ShowDetails = 'never' | 'when-authorized' | 'always';

/**
 * The request an authorizer sees: Node's own request (on every door, Express or Fastify), with
 * what the application's middleware put on it for a request that went through it (a request with
 * a cookie on the application's port: `user`, `session`, ...) and, where the framework parsed
 * them, `body` and `query`. Its headers, `url`, `method` and `socket.remoteAddress` are always there.
 */
export interface ManagementRequest extends IncomingMessage {
  /** What an authentication middleware (passport, a session reader) put on the request, if any. */
  user?: any;
  /** The session a session middleware attached, if any. */
  session?: any;
  /** Cookies a cookie parser attached, if any. */
  cookies?: Record<string, string>;
  /** The body the framework parsed, when it did (a POST that went through its parser). */
  body?: unknown;
  /** The query the framework parsed, when it did. */
  query?: Record<string, unknown>;
}

/** Decides whether a request may see details or use an operation. Throwing or rejecting counts as "no". */
export type ManagementAuthorizer = (request: ManagementRequest) => boolean | Promise<boolean>;

/** An authorizer: a function of the request, a Nest guard class (resolved through DI) or a guard instance. */
export type ManagementAuthorization = ManagementAuthorizer | Type<CanActivate> | CanActivate;

/** Validates `showDetails`; default `'when-authorized'`. */
export function resolveShowDetails(value: unknown): ShowDetails {
  const showDetails = value ?? 'when-authorized';
  if (showDetails !== 'never' && showDetails !== 'when-authorized' && showDetails !== 'always') {
    throw new ManagementConfigurationError(messages.invalidShowDetails(showDetails));
  }
  return showDetails;
}

/** Validates `authorizer`: a function, a guard class or a guard instance. */
export function resolveAuthorizer(value: unknown): ManagementAuthorization | undefined {
  const guardInstance = typeof value === 'object' && value !== null && 'canActivate' in value;
  if (value !== undefined && typeof value !== 'function' && !guardInstance) {
    throw new ManagementConfigurationError(messages.invalidFunction('authorizer', value));
  }
  return value as ManagementAuthorization | undefined;
}
