import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
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
    private readonly access: AccessPolicy,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('prometheus')
  async scrape(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!this.access.admits(request)) return this.responder.forbidden(response);
    const registry = this.metrics.metricsRegistry;
    if (!this.options.prometheus.endpoint || !registry) {
      return this.responder.error(response, 404, 'Not Found', messages.endpointDisabled('/prometheus', 'prometheus.enabled'));
    }
    if (!(await this.access.allowsDetails(request, response, this.constructor as Type))) {
      return this.responder.error(response, 403, 'Forbidden', messages.detailsRefused('/prometheus'));
    }
    this.responder.write(response, 200, registry.contentType, await registry.metrics());
  }
}
