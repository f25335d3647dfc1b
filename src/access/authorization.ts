import type { CanActivate, Type } from '@nestjs/common';
import { ManagementConfigurationError, messages } from '../messages.js';

/** Who may see check details (error messages, observed values): Spring's `show-details`. */
export type ShowDetails = 'never' | 'when-authorized' | 'always';

/**
 * Decides whether a request may see details. It receives the framework's own request object
 * (Express `Request` or Fastify `FastifyRequest`). Throwing or rejecting counts as "no".
 */
export type ManagementAuthorizer = (request: unknown) => boolean | Promise<boolean>;

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
