import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { HealthHistory } from './health-history.js';

/**
 * GET /health/history: `{ capacity, transitions }`, newest first. 404 unless `history.enabled`,
 * 403 unless the request may see details (a change's reason is a detail). Mounted before the
 * health controller, so that `health/:name` does not take the path.
 */
@Controller({ version: VERSION_NEUTRAL })
export class HistoryController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly history: HealthHistory,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('health/history')
  async show(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    const endpoint = { path: '/health/history', option: 'history.enabled', enabled: this.options.history.enabled };
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, endpoint))) return;
    this.responder.json(response, 200, { capacity: this.history.capacity, transitions: this.history.changes() });
  }
}
