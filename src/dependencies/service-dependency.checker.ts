import { Injectable } from '@nestjs/common';
import { HealthError } from '../health/health-error.js';
import type { HealthCheckReturn } from '../health/health-indicator.interface.js';
import { sendRequest } from '../outbound/outbound-client.js';
import { failureReason, OutboundError } from '../outbound/outbound-request.js';
import type { OutboundResponse } from '../outbound/outbound-request.js';
import { scrubUrls } from '../secrets/secret-scrubber.js';
import { DEPENDENCY_CHECK_HEADER } from './dependency-check-header.js';
import { dependencyMessages } from '../messages.js';
import type { ResolvedServiceDependency } from './service-dependency.options.js';

/** Largest response body read from a dependency; more is DOWN, not memory. */
export const MAX_DEPENDENCY_BODY_BYTES = 256 * 1024;
const MAX_REDIRECTS = 5;

/**
 * Calls one management endpoint of a dependency over HTTP and reads its answer: UP only for
 * HTTP 200 with a JSON body whose `status` is "UP". Each call is marked as a dependency check,
 * so the dependency answers from its own local checks without calling its dependencies. Everything else (refused, DNS, TLS,
 * redirect loop, huge or non-JSON body, abort on timeout) is DOWN with the reason. The dependency's
 * own headers (an API key, say) and URL credentials reach only its origin, never a host it redirects to.
 */
@Injectable()
export class ServiceDependencyChecker {
  async probe(dependency: ResolvedServiceDependency, url: string, signal: AbortSignal, timeout: number): Promise<HealthCheckReturn> {
    const shownUrl = scrubUrls(url);
    let response: OutboundResponse;
    try {
      response = await sendRequest({
        url,
        signal,
        timeout,
        maxRedirects: MAX_REDIRECTS,
        maxBodyBytes: MAX_DEPENDENCY_BODY_BYTES,
        headers: { Accept: 'application/json', [DEPENDENCY_CHECK_HEADER]: '1' },
        originHeaders: dependency.headers,
      });
    } catch (error) {
      throw new HealthError(describeFailure(error), { url: shownUrl });
    }
    const body = parseJson(response.body);
    if (body === undefined) throw new HealthError(dependencyMessages.notJson(response.status), { url: shownUrl, httpStatus: response.status });
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    if (response.status !== 200 || status !== 'UP') {
      throw new HealthError(dependencyMessages.notUp(response.status, status), { url: shownUrl, httpStatus: response.status, body });
    }
    return { status: 'UP', details: body as Record<string, unknown> };
  }
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof OutboundError && error.code === 'OUTBOUND_TOO_MANY_REDIRECTS') return dependencyMessages.tooManyRedirects(MAX_REDIRECTS);
  if (error instanceof OutboundError && error.code === 'OUTBOUND_BODY_TOO_LARGE') return dependencyMessages.tooLarge(MAX_DEPENDENCY_BODY_BYTES);
  return dependencyMessages.requestFailed(failureReason(error));
}
