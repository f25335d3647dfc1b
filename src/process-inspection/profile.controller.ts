import { Controller, Get, Inject, Logger, Query, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { diagnosticEndpoint } from '../diagnostics/diagnostics.options.js';
import { CONTENT_TYPES } from '../formats/media-type.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { startStreamedBody } from '../http/streamed-body.js';
import { ManagementResponder } from '../http/management-responder.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { downloadHeaders } from './dump-file-name.js';
import { InspectorUnavailableError } from './inspector-session.js';
import { ProfileRecorder } from './profile-recorder.service.js';
import type { ProfileType, Recording } from './profile-recorder.service.js';
import { inspectionMessages } from './process-inspection.messages.js';

const DEFAULT_SECONDS = 10;
const MAX_SECONDS = 60;

/**
 * GET /profile?seconds=N&type=cpu|heap: records a CPU profile (`.cpuprofile`) or a sampling heap
 * profile (`.heapprofile`) for N seconds (default 10, at most 60) while the application keeps
 * serving, then hands it over as a download Chrome DevTools opens. Behind the diagnostics gate;
 * 400 for a bad parameter, 409 while another profile records. The status and headers go out when
 * the recording starts, so no proxy or relay (the probe worker's forwarding) waits the whole time
 * for a first byte.
 */
@Controller({ version: VERSION_NEUTRAL })
export class ProfileController {
  private readonly logger = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly recorder: ProfileRecorder,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Get('profile')
  async record(
    @Req() request: unknown,
    @Res() response: ServerResponse,
    @Query('seconds') seconds = String(DEFAULT_SECONDS),
    @Query('type') type = 'cpu',
  ): Promise<void> {
    if (!(await this.gates.allowDiagnostics(request, response, this.constructor as Type, diagnosticEndpoint(this.options.diagnostics, 'profile')))) return;
    if (!/^\d{1,2}$/.test(seconds) || Number(seconds) < 1 || Number(seconds) > MAX_SECONDS) {
      return this.responder.error(response, 400, 'Bad Request', inspectionMessages.invalidSeconds(seconds, MAX_SECONDS));
    }
    if (type !== 'cpu' && type !== 'heap') return this.responder.error(response, 400, 'Bad Request', inspectionMessages.invalidProfileType(type));
    const busy = this.recorder.refusal();
    if (busy) return this.responder.error(response, 409, 'Conflict', busy.message, { 'Retry-After': String(busy.secondsLeft) });
    if ((request as { method?: string }).method === 'HEAD') return void response.writeHead(200, { ...this.headers(type), 'Cache-Control': 'no-store' }).end();
    let recording: Recording;
    try {
      recording = await this.recorder.start(type as ProfileType, Number(seconds));
    } catch (error) {
      if (!(error instanceof InspectorUnavailableError)) throw error;
      return this.responder.error(response, 503, 'Service Unavailable', error.message);
    }
    const body = startStreamedBody(response, 200, this.headers(type));
    try {
      const profile = await recording.finish(body.gone);
      if (body.gone.aborted) return;
      body.write(JSON.stringify(profile));
      await body.end();
    } catch (error) {
      this.logger.error((error as Error).message);
      body.abort();
    }
  }

  private headers(type: string): Record<string, string> {
    return downloadHeaders(serviceIdentityOf(this.options).serviceId, type === 'heap' ? 'heapprofile' : 'cpuprofile', CONTENT_TYPES.json);
  }
}
