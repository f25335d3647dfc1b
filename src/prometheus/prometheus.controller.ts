import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { HealthMetrics } from './health-metrics.js';

/**
 * GET /prometheus: the metrics registry in Prometheus's text exposition format (Spring's
 * endpoint name). 404 unless `prometheus.enabled` (and its `endpoint`), 403 unless the request
 * may see details.
 */
@Controller({ version: VERSION_NEUTRAL })
export class PrometheusController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly metrics: HealthMetrics,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('prometheus')
  async scrape(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    const registry = this.metrics.metricsRegistry;
    const endpoint = { path: '/prometheus', option: 'prometheus.enabled', enabled: this.options.prometheus.endpoint && registry !== undefined };
    if (!(await this.gates.showDetails(request, response, this.constructor as Type, endpoint))) return;
    this.responder.write(response, 200, registry!.contentType, await registry!.metrics());
  }
}
