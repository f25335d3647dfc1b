import { Controller, Get, Inject, Logger, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { diagnosticEndpoint } from '../diagnostics/diagnostics.options.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { isForwarded, startStreamedBody } from '../http/streamed-body.js';
import { ManagementResponder } from '../http/management-responder.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { downloadHeaders } from './dump-file-name.js';
import { HeapSnapshotService } from './heap-snapshot.service.js';
import { inspectionMessages } from './process-inspection.messages.js';

/**
 * GET /heapdump: a V8 heap snapshot (`.heapsnapshot`, which Chrome DevTools' Memory tab loads),
 * streamed to the client as V8 writes it. Behind the diagnostics gate; 409 while another is
 * under way, 503 when the memory left could not hold it.
 */
@Controller({ version: VERSION_NEUTRAL })
export class HeapSnapshotController {
  private readonly logger = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly snapshots: HeapSnapshotService,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('heapdump')
  async download(@Req() request: unknown, @Res() response: ServerResponse): Promise<void> {
    if (!(await this.gates.allowDiagnostics(request, response, this.constructor as Type, diagnosticEndpoint(this.options.diagnostics, 'heapdump')))) return;
    const refusal = this.snapshots.refusal(isForwarded(response));
    if (refusal) return this.refuse(response, refusal.statusCode, refusal.message);
    const headers = downloadHeaders(serviceIdentityOf(this.options).serviceId, 'heapsnapshot', 'application/octet-stream');
    if ((request as { method?: string }).method === 'HEAD') return void response.writeHead(200, { ...headers, 'Cache-Control': 'no-store' }).end();
    const release = this.snapshots.reserve()!;
    const body = startStreamedBody(response, 200, headers);
    try {
      // The head leaves before the pause: the client (or the probe worker relaying it) sees 200 at once.
      await nextTurn();
      if (body.gone.aborted) return;
      await this.snapshots.take((chunk) => body.write(chunk));
      await body.end();
    } catch (error) {
      // The head is gone: cutting the body off is the only way left to say it is not whole.
      this.logger.error(inspectionMessages.snapshotFailed(error instanceof Error ? error.message : String(error)));
      body.abort();
    } finally {
      release();
    }
  }

  private refuse(response: ServerResponse, statusCode: number, message: string): void {
    if (statusCode === 503) return this.responder.error(response, statusCode, 'Service Unavailable', message);
    this.responder.error(response, statusCode, 'Conflict', message, { 'Retry-After': '10' });
  }
}
