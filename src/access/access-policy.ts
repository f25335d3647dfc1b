import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { CanActivate, OnModuleInit, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ManagementAuthorizer, ManagementRequest } from './authorization.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { withTimeout } from '../timing/with-timeout.js';
import { httpContext } from '../nest-internals/management-routes.js';
import { anyDiagnostics } from '../diagnostics/diagnostics.options.js';
import { ClientAddress } from './client-address.js';
import { TrustedHosts } from './trusted-hosts.js';

type Verdict = boolean | Promise<boolean>;
type Authorize = (request: unknown, response: unknown, controller: Type) => Verdict;

/**
 * Who may see what. Plain statuses are open to all (unless the allow-list's scope is 'all'), so
 * probes always work; details and /environment need the request to pass every configured gate:
 * the IP allow-list and the authorizer (a function of the request or a Nest guard). With no gate
 * configured, 'when-authorized' means nobody. A gate that throws, rejects or hangs says no; a
 * guard that lets an anonymous request through stops start-up (it would let everyone through).
 */
@Injectable()
export class AccessPolicy implements OnModuleInit {
  private readonly logger = new Logger('ManagementModule');
  private readonly addresses: ClientAddress;
  private readonly hosts: TrustedHosts;
  /**
   * What a guard given as `authorizer` sees as `context.getHandler()`: a function of this module
   * carrying `access.authorizerMetadata`, because the application cannot decorate our routes.
   */
  private readonly guardHandler = function managementDetails(): void {};
  private authorize?: Authorize;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    this.addresses = new ClientAddress(options.access.trustProxy, options.access.allow);
    this.hosts = new TrustedHosts(options.access.hosts);
    for (const [key, value] of Object.entries(options.access.authorizerMetadata)) Reflect.defineMetadata(key, value, this.guardHandler);
  }

  async onModuleInit(): Promise<void> {
    const { authorizer, showDetails } = this.options;
    if (!authorizer) return;
    const guard = isGuardClass(authorizer) ? await this.guardInstance(authorizer) : isGuard(authorizer) ? authorizer : undefined;
    if (!guard) {
      this.authorize = (request) => (authorizer as ManagementAuthorizer)(request as ManagementRequest);
      return;
    }
    const guardDecides = showDetails === 'when-authorized' || this.operationsEnabled;
    if (guardDecides && (await this.grantsAnonymous(guard))) {
      const message = showDetails === 'when-authorized' ? messages.authorizerGrantsAnonymous : messages.authorizerGrantsAnonymousOperations;
      throw new ManagementConfigurationError(message(guardName(guard)));
    }
    this.authorize = (request, response, controller) => this.askGuard(guard, request, response, controller);
  }

  /** Whether a request's details depend on the authorizer (so a probe with credentials must reach it). */
  get asksAuthorizer(): boolean {
    return this.options.showDetails === 'when-authorized' && this.options.authorizer !== undefined;
  }

  /** Whether some client sees details without the authorizer being asked: 'always', or an allow-list alone. */
  get detailsWithoutAuthorizer(): boolean {
    const { showDetails, authorizer, access } = this.options;
    return showDetails === 'always' || (showDetails === 'when-authorized' && authorizer === undefined && access.allow !== undefined);
  }

  /** The client's address as the proxy settings see it, for the audit log of operations. */
  clientAddressOf(request: unknown): string {
    return this.addresses.of(request) ?? 'an unknown address';
  }

  /** Whether the request may use the management endpoints at all (the allow-list with scope 'all'). */
  admits(request: unknown): boolean {
    return this.options.access.scope !== 'all' || this.addresses.isAllowed(request);
  }

  /**
   * Whether the body answering the request shows details, where they change nothing else (the
   * components of /health, the sections of /info): `grantsDetails`, except that a HEAD request,
   * which gets no body, never asks the authorizer (it is answered as if refused). Without an
   * authorizer the answer is the GET's, so the HEAD's Content-Length is too.
   */
  allowsDetails(request: unknown, response?: unknown, controller: Type = AccessPolicy): Verdict {
    const head = (request as { method?: unknown } | undefined)?.method === 'HEAD';
    return this.detailsVerdict(request, response, controller, !head);
  }

  /**
   * Whether the request may see details and /environment. `controller` is the class a guard
   * sees as `context.getClass()`: the management controller answering.
   */
  grantsDetails(request: unknown, response?: unknown, controller: Type = AccessPolicy): Verdict {
    return this.detailsVerdict(request, response, controller, true);
  }

  /**
   * Whether the request may change the application (POST /loggers, POST /shutdown). Needs the
   * `authorizer` to say yes (and the allow-list, if any, to admit the address); with no
   * authorizer, an address on `access.allow`; with neither, nobody. `showDetails` plays no part:
   * `'always'` shows details to everyone but never lets an anonymous request change anything.
   */
  allowsOperation(request: unknown, response: unknown, controller: Type): Verdict {
    const allowListed = this.options.access.allow !== undefined;
    if (allowListed && !this.addresses.isAllowed(request)) return false;
    if (this.hostRefusal(request, 'operation')) return false;
    return this.askAuthorizer(request, response, controller, allowListed);
  }

  /**
   * Whether the request may use a diagnostic endpoint (/heapdump, /report, /mappings...): the
   * `authorizer` must say yes, and the allow-list, if any, admit the address. Unlike operations,
   * an allow-list alone is never enough: an address is shared by everything behind it, and these
   * endpoints hand out the process's memory.
   */
  allowsDiagnostics(request: unknown, response: unknown, controller: Type): Verdict {
    if (this.options.access.allow !== undefined && !this.addresses.isAllowed(request)) return false;
    return this.askAuthorizer(request, response, controller, false);
  }

  /**
   * Why the request is refused when its address alone would let it in (the allow-list, with no
   * authorizer to decide, or `showDetails: 'always'`) but its `Host` is not a name of this server:
   * what a browser page on a name rebound to this address sends. Undefined when not refused.
   */
  hostRefusal(request: unknown, wanted: 'details' | 'operation'): string | undefined {
    const { allow } = this.options.access;
    const authorizerDecides = this.options.authorizer !== undefined && !(wanted === 'details' && this.options.showDetails === 'always');
    if (allow === undefined || authorizerDecides) return undefined;
    const host = this.hosts.untrustedHostOf(request);
    return host === undefined ? undefined : messages.untrustedHost(host);
  }

  private detailsVerdict(request: unknown, response: unknown, controller: Type, mayAskAuthorizer: boolean): Verdict {
    const { showDetails, access } = this.options;
    if (showDetails === 'never') return false;
    const allowListed = access.allow !== undefined;
    if (allowListed && !this.addresses.isAllowed(request)) return false;
    if (this.hostRefusal(request, 'details')) return false;
    if (showDetails === 'always') return true;
    if (!mayAskAuthorizer && this.authorize) return false;
    return this.askAuthorizer(request, response, controller, allowListed);
  }

  /** The authorizer's verdict (a throw or rejection is no); `withoutAuthorizer` when there is none. */
  private askAuthorizer(request: unknown, response: unknown, controller: Type, withoutAuthorizer: boolean): Verdict {
    if (!this.authorize) return withoutAuthorizer;
    try {
      const verdict = this.authorize(request, response, controller);
      return verdict instanceof Promise ? this.settle(verdict) : verdict === true;
    } catch (error) {
      this.reportFailure(error);
      return false;
    }
  }

  private get operationsEnabled(): boolean {
    return this.options.loggers.enabled || this.options.shutdown.enabled || anyDiagnostics(this.options.diagnostics);
  }

  private settle(verdict: Promise<boolean>): Promise<boolean> {
    return withTimeout(verdict, this.options.timeout).then(
      (allowed) => allowed === true,
      (error: unknown) => {
        this.reportFailure(error);
        return false;
      },
    );
  }

  private async askGuard(guard: CanActivate, request: unknown, response: unknown, controller: Type): Promise<boolean> {
    const context = httpContext(request, response, controller, this.guardHandler);
    const verdict = await guard.canActivate(context);
    return isObservable(verdict) ? (await lastValueFrom(verdict)) === true : verdict === true;
  }

  /**
   * Asks the guard once, at start-up, about a request that carries nothing. A guard that lets it
   * through (typically a roles guard that found no roles) would show details to everyone.
   */
  private async grantsAnonymous(guard: CanActivate): Promise<boolean> {
    const anonymous = { method: 'GET', url: `${this.options.basePath}/health`, headers: {}, query: {}, params: {} };
    try {
      return (await withTimeout(this.askGuard(guard, anonymous, undefined, AccessPolicy), this.options.timeout)) === true;
    } catch {
      return false;
    }
  }

  /**
   * The guard as the application would have it: its own provider if it is one, else built here
   * with its constructor dependencies looked up anywhere in the application.
   */
  private async guardInstance(guardClass: Type<CanActivate>): Promise<CanActivate> {
    try {
      return this.moduleRef.get(guardClass, { strict: false });
    } catch {
      const types = (Reflect.getMetadata('design:paramtypes', guardClass) ?? []) as unknown[];
      const declared = (Reflect.getMetadata('self:paramtypes', guardClass) ?? []) as { index: number; param: unknown }[];
      const tokens = types.map((type, index) => declared.find((entry) => entry.index === index)?.param ?? type);
      const dependencies = tokens.map((token) => this.moduleRef.get(token as Type, { strict: false }));
      return new guardClass(...dependencies);
    }
  }

  private reportFailure(error: unknown): void {
    // A guard says no by throwing UnauthorizedException or ForbiddenException: an answer, not a failure.
    if (this.options.noLog || error instanceof HttpException) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(messages.authorizerFailed(reason));
  }
}

function isGuardClass(value: unknown): value is Type<CanActivate> {
  return typeof value === 'function' && typeof (value.prototype as Partial<CanActivate> | undefined)?.canActivate === 'function';
}

function guardName(guard: CanActivate): string {
  return guard.constructor === Object ? '(an object with canActivate)' : guard.constructor.name;
}

function isGuard(value: unknown): value is CanActivate {
  return typeof value === 'object' && value !== null && typeof (value as Partial<CanActivate>).canActivate === 'function';
}
