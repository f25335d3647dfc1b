import { Injectable } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { operationRefusal } from '../access/cross-site.js';
import { messages } from '../messages.js';
import { ManagementResponder } from './management-responder.js';

/** An opt-in endpoint as its gates see it. */
export interface OptInEndpoint {
  /** Its path under the base path, for messages: `'/environment'`. */
  readonly path: string;
  /** The option that turns it on, for messages: `'environment.enabled'`. */
  readonly option: string;
  readonly enabled: boolean;
}

/**
 * The gates every opt-in endpoint passes, in order, each refusal answered here in Nest's error
 * shape: the IP allow-list (403), whether the endpoint is on (404 naming its option), then for
 * what it shows the details rules (403), or for what changes the application the cross-site
 * guard (403 or 415) and the operation rule (403). Each returns true when the request may go on.
 */
@Injectable()
export class EndpointGates {
  constructor(
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  /** The allow-list and the on/off switch only (for what holds no data, or refuses in its own format). */
  opens(request: unknown, response: unknown, endpoint: OptInEndpoint): boolean {
    if (!this.access.admits(request)) {
      this.responder.forbidden(response);
      return false;
    }
    if (!endpoint.enabled) {
      this.responder.error(response, 404, 'Not Found', messages.endpointDisabled(endpoint.path, endpoint.option));
      return false;
    }
    return true;
  }

  /** `opens`, then the details rules; `controller` is what a guard authorizer sees as `getClass()`. */
  async showDetails(request: unknown, response: unknown, controller: Type, endpoint: OptInEndpoint): Promise<boolean> {
    if (!this.opens(request, response, endpoint)) return false;
    if (await this.access.allowsDetails(request, response, controller)) return true;
    this.responder.error(response, 403, 'Forbidden', messages.detailsRefused(endpoint.path));
    return false;
  }

  /** `opens`, then the cross-site guard and the operation rule; `what` names the change in the refusal. */
  async allowOperation(request: unknown, response: unknown, controller: Type, endpoint: OptInEndpoint, what: string): Promise<boolean> {
    if (!this.opens(request, response, endpoint)) return false;
    const refusal = operationRefusal(request);
    if (refusal) {
      this.responder.error(response, refusal.statusCode, refusal.error, refusal.message);
      return false;
    }
    if (await this.access.allowsOperation(request, response, controller)) return true;
    this.responder.error(response, 403, 'Forbidden', messages.operationRefused(what));
    return false;
  }
}
