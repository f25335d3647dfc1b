import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { acceptOf, ACTUATOR_FORMATS, formatOf } from '../formats/media-type.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { enabledEndpoints } from './enabled-endpoints.js';

interface Link {
  readonly href: string;
  readonly templated: boolean;
}

/**
 * GET {basePath}: Actuator's discovery page, a HAL document with a link to every enabled
 * endpoint. Spring Boot Admin reads it (as `application/vnd.spring-boot.actuator.v3+json`, which
 * it asks for) to learn which endpoints an instance has.
 */
@Controller({ version: VERSION_NEUTRAL })
export class LinksController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get()
  index(@Req() request: unknown, @Res() response: unknown): void {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    const base = `${originOf(request)}${pathOf(request) || this.options.basePath}`;
    const links: Record<string, Link> = { self: { href: base, templated: false } };
    for (const { name, path, templated } of enabledEndpoints(this.options)) links[name] = { href: `${base}/${path}`, templated };
    this.responder.json(response, 200, { _links: links }, formatOf(acceptOf(request), ACTUATOR_FORMATS));
  }
}

/**
 * The path the client asked for, without a trailing slash: the base path, with whatever global
 * prefix or proxy path rewriting put in front of it that the server still sees.
 */
function pathOf(request: unknown): string {
  const { originalUrl, url } = request as { originalUrl?: unknown; url?: unknown };
  const raw = typeof originalUrl === 'string' ? originalUrl : typeof url === 'string' ? url : '';
  return raw.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
}

/** `scheme://host[:port]` as the client addressed this server. */
function originOf(request: unknown): string {
  const { protocol, headers } = request as { protocol?: unknown; headers?: Record<string, unknown> };
  const scheme = protocol === 'https' ? 'https' : 'http';
  const host = typeof headers?.host === 'string' && headers.host !== '' ? headers.host : 'localhost';
  return `${scheme}://${host}`;
}
