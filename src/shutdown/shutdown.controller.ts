import { Controller, Inject, Logger, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { EndpointGates } from '../http/endpoint-gates.js';
import { ManagementResponder } from '../http/management-responder.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { ApplicationShutdown } from './application-shutdown.js';

/**
 * POST /shutdown: for authorized requests only, answers 200 and then starts the same graceful
 * shutdown as SIGTERM. 404 unless enabled, 403 when refused.
 */
@Controller({ version: VERSION_NEUTRAL })
export class ShutdownController {
  private readonly audit = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly shutdown: ApplicationShutdown,
    private readonly access: AccessPolicy,
    private readonly gates: EndpointGates,
    private readonly responder: ManagementResponder,
  ) {}

  @Post('shutdown')
  async start(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    const endpoint = { path: '/shutdown', option: 'shutdown.enabled', enabled: this.options.shutdown.enabled };
    if (!(await this.gates.allowOperation(request, response, this.constructor as Type, endpoint, 'Shutting the application down'))) return;
    if (this.shutdown.isStarted) return this.responder.json(response, 200, { message: messages.shutdownAlreadyStarted() });
    this.responder.json(response, 200, { message: messages.shutdownStarted(this.options.drainDelay) });
    this.audit.log(messages.shutdownRequested(this.access.clientAddressOf(request)));
    afterResponse(response, () => this.shutdown.start());
  }
}

/** Calls `then` once `response` has been handed to the socket, so the client gets its answer first. */
function afterResponse(response: unknown, then: () => void): void {
  const raw = ((response as { raw?: unknown }).raw ?? response) as Partial<NodeJS.EventEmitter> & { writableFinished?: boolean };
  const go = (): void => void setImmediate(then);
  if (raw.writableFinished || typeof raw.once !== 'function') return go();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    go();
  };
  raw.once('finish', once);
  raw.once('close', once);
}
