import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { lastValueFrom } from 'rxjs';
import { HealthError } from '../health/health-error.js';
import type { HealthCheckReturn } from '../health/health-indicator.interface.js';
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
 * redirect loop, huge or non-JSON body, abort on timeout) is DOWN with the reason.
 */
@Injectable()
export class ServiceDependencyChecker {
  constructor(private readonly http: HttpService) {}

  async probe(dependency: ResolvedServiceDependency, url: string, signal: AbortSignal, timeout: number): Promise<HealthCheckReturn> {
    const shownUrl = scrubUrls(url);
    let response: { status: number; data: unknown };
    try {
      response = await lastValueFrom(
        this.http.get<string>(url, {
          signal,
          timeout,
          maxRedirects: MAX_REDIRECTS,
          maxContentLength: MAX_DEPENDENCY_BODY_BYTES,
          responseType: 'text',
          transformResponse: (data: unknown) => data,
          validateStatus: () => true,
          headers: { Accept: 'application/json', ...dependency.headers, [DEPENDENCY_CHECK_HEADER]: '1' },
          beforeRedirect: credentialsKeptOnOrigin(url, dependency.headers),
        }),
      );
    } catch (error) {
      throw new HealthError(describeFailure(error), { url: shownUrl });
    }
    const body = parseJson(response.data);
    if (body === undefined) throw new HealthError(dependencyMessages.notJson(response.status), { url: shownUrl, httpStatus: response.status });
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    if (response.status !== 200 || status !== 'UP') {
      throw new HealthError(dependencyMessages.notUp(response.status, status), { url: shownUrl, httpStatus: response.status, body });
    }
    return { status: 'UP', details: body as Record<string, unknown> };
  }
}

/** Headers that carry credentials whatever the dependency's options say. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * A redirect hook that drops the dependency's own headers (an API key, say) and any credentials
 * once a redirect leaves the origin of `url`: follow-redirects keeps custom headers on a redirect
 * to any host, so the key would reach whoever the dependency redirects to. Once dropped they stay
 * dropped, even if a later redirect comes back.
 */
function credentialsKeptOnOrigin(url: string, headers: Readonly<Record<string, string>>) {
  const origin = new URL(url).origin;
  const dropped = new Set([...CREDENTIAL_HEADERS, ...Object.keys(headers).map((name) => name.toLowerCase())]);
  let left = false;
  return (options: { href?: string; headers?: Record<string, unknown>; auth?: unknown }): void => {
    // axios puts the URL's credentials back on a redirect to their origin: once left, keep them off.
    left ||= options.href === undefined || !URL.canParse(options.href) || new URL(options.href).origin !== origin;
    if (!left) return;
    for (const name of Object.keys(options.headers ?? {})) {
      if (dropped.has(name.toLowerCase())) delete options.headers![name];
    }
    delete options.auth;
  };
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? scrubUrls(message) : String(error);
  if (code === 'ERR_FR_TOO_MANY_REDIRECTS') return dependencyMessages.tooManyRedirects(MAX_REDIRECTS);
  if (/maxContentLength/.test(text)) return dependencyMessages.tooLarge(MAX_DEPENDENCY_BODY_BYTES);
  return dependencyMessages.requestFailed(typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text);
}
