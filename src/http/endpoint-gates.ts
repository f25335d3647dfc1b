import { Injectable, Logger } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { crossSiteEvidence, operationRefusal } from '../access/cross-site.js';
import { CONTENT_TYPES } from '../formats/media-type.js';
import { messages } from '../messages.js';
import { FORBIDDEN_MESSAGE } from '../probe-worker/probe-bodies.js';
import { ManagementResponder } from './management-responder.js';

/** An opt-in endpoint as its gates see it. */
export interface OptInEndpoint {
  /** Its path under the base path, for messages: `'/environment'`. */
  readonly path: string;
  /** The option that turns it on, for messages: `'environment.enabled'`. */
  readonly option: string;
  readonly enabled: boolean;
  /** Headers every answer of the endpoint carries, refusals included (the dashboard's security headers). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The gates every opt-in endpoint passes, in order, each refusal answered here in Nest's error
 * shape: the IP allow-list (403), whether the endpoint is on (404 naming its option), the Host
 * rule where the address alone would let the request in (403), then for what it shows the details
 * rules (403), or for what changes the application the cross-site guard (403 or 415) and the
 * operation rule (403). Each returns true when the request may go on.
 */
@Injectable()
export class EndpointGates {
  private readonly audit = new Logger('ManagementModule');

  constructor(
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  /** The allow-list and the on/off switch only (for what holds no data, or refuses in its own format). */
  opens(request: unknown, response: unknown, endpoint: OptInEndpoint): boolean {
    if (!this.access.admits(request)) return this.refuse(response, endpoint, 403, 'Forbidden', FORBIDDEN_MESSAGE);
    if (!endpoint.enabled) return this.refuse(response, endpoint, 404, 'Not Found', messages.endpointDisabled(endpoint.path, endpoint.option));
    return true;
  }

  /** `opens`, then the details rules; `controller` is what a guard authorizer sees as `getClass()`. */
  async showDetails(request: unknown, response: unknown, controller: Type, endpoint: OptInEndpoint): Promise<boolean> {
    if (!this.opens(request, response, endpoint) || this.refusesHost(request, response, endpoint, 'details')) return false;
    if (await this.access.grantsDetails(request, response, controller)) return true;
    return this.refuse(response, endpoint, 403, 'Forbidden', messages.detailsRefused(endpoint.path));
  }

  /** `opens`, then the cross-site guard and the operation rule; `what` names the change in the refusal. */
  async allowOperation(request: unknown, response: unknown, controller: Type, endpoint: OptInEndpoint, what: string): Promise<boolean> {
    if (!this.opens(request, response, endpoint) || this.refusesHost(request, response, endpoint, 'operation')) return false;
    const refusal = operationRefusal(request);
    if (refusal) return this.refuse(response, endpoint, refusal.statusCode, refusal.error, refusal.message);
    if (await this.access.allowsOperation(request, response, controller)) return true;
    return this.refuse(response, endpoint, 403, 'Forbidden', messages.operationRefused(what));
  }

  /**
   * For a diagnostic endpoint (/heapdump, /profile, /report, /mappings...): `opens`, then the
   * cross-site guard (a browser page of another site must not pull the process's memory with the
   * operator's cookies), then the authorizer, which must say yes (see `AccessPolicy.allowsDiagnostics`).
   * Every request to an endpoint that is on is logged with the client's address, refusals included.
   */
  async allowDiagnostics(request: unknown, response: unknown, controller: Type, endpoint: OptInEndpoint): Promise<boolean> {
    const method = String((request as { method?: unknown }).method ?? 'GET');
    const client = this.access.clientAddressOf(request);
    if (!this.opens(request, response, endpoint)) {
      // Off (404) is not logged; on, it was the allow-list that refused.
      if (endpoint.enabled) this.audit.warn(messages.diagnosticsRefusedLog(method, endpoint.path, client, 403));
      return false;
    }
    const crossSite = crossSiteEvidence(request);
    if (crossSite) {
      this.audit.warn(messages.diagnosticsRefusedLog(method, endpoint.path, client, 403));
      return this.refuse(response, endpoint, 403, 'Forbidden', messages.crossSiteDiagnostics(crossSite));
    }
    if (!(await this.access.allowsDiagnostics(request, response, controller))) {
      this.audit.warn(messages.diagnosticsRefusedLog(method, endpoint.path, client, 403));
      return this.refuse(response, endpoint, 403, 'Forbidden', messages.diagnosticsRefused(endpoint.path));
    }
    this.audit.log(messages.diagnosticsRequested(method, endpoint.path, client));
    return true;
  }

  /** Answers 403 naming the Host rule when the access policy's DNS-rebinding guard refuses the request. */
  private refusesHost(request: unknown, response: unknown, endpoint: OptInEndpoint, wanted: 'details' | 'operation'): boolean {
    const refusal = this.access.hostRefusal(request, wanted);
    if (refusal) this.refuse(response, endpoint, 403, 'Forbidden', refusal);
    return refusal !== undefined;
  }

  /** A JSON error in Nest's shape, with the endpoint's own headers; false, for `return`. */
  private refuse(response: unknown, endpoint: OptInEndpoint, statusCode: number, error: string, message: string): false {
    this.responder.write(response, statusCode, CONTENT_TYPES.json, JSON.stringify({ statusCode, error, message }), endpoint.headers);
    return false;
  }
}
