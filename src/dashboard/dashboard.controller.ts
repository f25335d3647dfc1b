import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import type { OptInEndpoint } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { CONTENT_TYPES } from '../formats/media-type.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { DASHBOARD_SECURITY_HEADERS, dashboardPage, forbiddenPage, HTML_TYPE } from './dashboard-page.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import { DashboardStateReader } from './dashboard-state.reader.js';
import { FleetReader } from './fleet/fleet.reader.js';
import { fleetMessages } from './fleet/fleet.messages.js';

const SCRIPT_TYPE = 'text/javascript; charset=utf-8';
const STYLE_TYPE = 'text/css; charset=utf-8';

/**
 * GET /dashboard (the page), /dashboard/state (the JSON it polls), /dashboard/fleet (the fleet
 * as Prometheus sees it, when `dashboard.fleet` is set), /dashboard/app.js and /dashboard/app.css.
 * 404 unless `dashboard.enabled`; the page, its state and the fleet only for requests allowed to
 * see details (403 otherwise); the script and stylesheet, which hold no data, for any client the
 * allow-list admits. Every answer, refusals included, carries the security headers.
 */
@Controller({ version: VERSION_NEUTRAL })
export class DashboardController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly state: DashboardStateReader,
    private readonly fleet: FleetReader,
    private readonly access: AccessPolicy,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('dashboard')
  async page(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.gates.opens(request, response, this.endpoint())) return;
    const assetBase = assetBaseOf(request);
    if (!(await this.access.grantsDetails(request, response, this.constructor as Type))) {
      return this.responder.write(response, 403, HTML_TYPE, forbiddenPage(assetBase), DASHBOARD_SECURITY_HEADERS);
    }
    const { refreshInterval, fleet } = this.options.dashboard;
    const page = dashboardPage({ assetBase, refreshInterval, fleetRefreshInterval: fleet?.refreshInterval });
    this.responder.write(response, 200, HTML_TYPE, page, DASHBOARD_SECURITY_HEADERS);
  }

  @Get('dashboard/state')
  async current(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, this.endpoint()))) return;
    this.responder.write(response, 200, CONTENT_TYPES.json, JSON.stringify(await this.state.read(request)), DASHBOARD_SECURITY_HEADERS);
  }

  @Get('dashboard/fleet')
  async fleetView(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, this.endpoint()))) return;
    if (!this.fleet.enabled) {
      const body = { statusCode: 404, error: 'Not Found', message: fleetMessages.off() };
      return this.responder.write(response, 404, CONTENT_TYPES.json, JSON.stringify(body), DASHBOARD_SECURITY_HEADERS);
    }
    this.responder.write(response, 200, CONTENT_TYPES.json, JSON.stringify(await this.fleet.read()), DASHBOARD_SECURITY_HEADERS);
  }

  @Get('dashboard/app.js')
  script(@Req() request: unknown, @Res() response: unknown): void {
    if (!this.gates.opens(request, response, this.endpoint())) return;
    this.responder.write(response, 200, SCRIPT_TYPE, DASHBOARD_SCRIPT, DASHBOARD_SECURITY_HEADERS);
  }

  @Get('dashboard/app.css')
  style(@Req() request: unknown, @Res() response: unknown): void {
    if (!this.gates.opens(request, response, this.endpoint())) return;
    this.responder.write(response, 200, STYLE_TYPE, DASHBOARD_STYLE, DASHBOARD_SECURITY_HEADERS);
  }

  private endpoint(): OptInEndpoint {
    return { path: '/dashboard', option: 'dashboard.enabled', enabled: this.options.dashboard.enabled, headers: DASHBOARD_SECURITY_HEADERS };
  }
}

/**
 * How the page addresses its script, stylesheet and state: relative to its own URL as the client
 * asked for it (`dashboard/` for `/z/dashboard`, nothing for `/z/dashboard/`), so a global prefix
 * or a proxy that rewrites the path still finds them.
 */
function assetBaseOf(request: unknown): string {
  const { originalUrl, url } = request as { originalUrl?: unknown; url?: unknown };
  const raw = typeof originalUrl === 'string' ? originalUrl : typeof url === 'string' ? url : '';
  const path = raw.split(/[?#]/, 1)[0]!;
  if (path.endsWith('/')) return '';
  return `${path.slice(path.lastIndexOf('/') + 1) || 'dashboard'}/`;
}
