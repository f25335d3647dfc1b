import { Controller, Get, Inject, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { diagnosticEndpoint } from '../diagnostics/diagnostics.options.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { DiagnosticReportService } from './diagnostic-report.service.js';
import { inspectionMessages } from './process-inspection.messages.js';

/** GET /report: Node's diagnostic report as JSON, scrubbed. Behind the diagnostics gate. */
@Controller({ version: VERSION_NEUTRAL })
export class ReportController {
  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly reports: DiagnosticReportService,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('report')
  async show(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    if (!(await this.gates.allowDiagnostics(request, response, this.constructor as Type, diagnosticEndpoint(this.options.diagnostics, 'report')))) return;
    const report = this.reports.collect();
    if (!report) return this.responder.error(response, 503, 'Service Unavailable', inspectionMessages.reportUnavailable());
    this.responder.json(response, 200, report);
  }
}
