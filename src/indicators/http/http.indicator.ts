import { fetchFollowingRedirects } from './redirects.js';
import { HealthError } from '../../health/health-error.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { ManagementConfigurationError, messages } from '../../messages.js';
import { scrubUrls } from '../../secrets/secret-scrubber.js';
import { elapsedSince, reasonOf, registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { limit, optionalLimit } from '../shared/limits.js';

/** Decides from the body (and the response) whether the answer is healthy. */
export type HttpBodyPredicate = (body: string, response: Response) => boolean | Promise<boolean>;

export interface HttpIndicatorOptions {
  /** HTTP method. Default `'GET'`. */
  method?: string;
  /**
   * Request headers, e.g. an Authorization header. Default none. Credentials in the URL
   * (`https://user:pass@host/`) are sent as `Authorization: Basic` unless this gives one.
   */
  headers?: Readonly<Record<string, string>>;
  /** The status (a number) or inclusive range (`[min, max]`) that counts as UP. Default `[200, 299]`. */
  expectedStatus?: number | readonly [number, number];
  /** Reads the body and passes it here; `false` (or a throw) is DOWN. Default none: the body is not read. */
  body?: HttpBodyPredicate;
  /** Largest body read for `body`; more is DOWN. Default `262144` (256 KiB). */
  maxBodyBytes?: number;
  /** Whether redirects are followed (otherwise a 3xx is the answer). Default `true`. */
  followRedirects?: boolean;
  /** Milliseconds above which an answer counts as too slow. Default none: only `timeout` applies. */
  maxLatencyMs?: number;
}

const LABEL = 'HTTP health indicator';

/**
 * Any URL over HTTP(S) with the global `fetch`: UP when the status is in the expected range and
 * the optional body predicate agrees. The request is aborted when the check times out. Use it for
 * plain web endpoints; a service running this module is better watched as a service dependency.
 */
export class HttpHealthIndicator implements HealthIndicator {
  private readonly request: { readonly url: string; readonly headers: Readonly<Record<string, string>> | undefined };
  private readonly shownUrl: string;
  private readonly range: readonly [number, number];
  private readonly maxBodyBytes: number;
  private readonly maxLatencyMs: number | undefined;

  constructor(
    url: string,
    private readonly options: HttpIndicatorOptions = {},
  ) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new ManagementConfigurationError(messages.invalidOption(LABEL, 'url', `an http(s) URL, got '${scrubUrls(String(url))}'`));
    }
    this.shownUrl = scrubUrls(url);
    this.request = withoutUrlCredentials(new URL(url), options.headers);
    this.range = statusRange(options.expectedStatus ?? [200, 299]);
    this.maxBodyBytes = limit(LABEL, 'maxBodyBytes', options.maxBodyBytes, 'positive', 256 * 1024);
    this.maxLatencyMs = optionalLimit(LABEL, 'maxLatencyMs', options.maxLatencyMs, 'positive');
  }

  async check(signal?: AbortSignal): Promise<HealthCheckReturn> {
    const started = performance.now();
    const details: Record<string, unknown> = { url: this.shownUrl, expectedStatus: this.expected() };
    let response: Response;
    try {
      const init = { method: this.options.method ?? 'GET', headers: this.request.headers, signal };
      response =
        this.options.followRedirects === false
          ? await fetch(this.request.url, { ...init, redirect: 'manual' })
          : await fetchFollowingRedirects(this.request.url, init);
    } catch (error) {
      throw new HealthError(messages.requestFailed(fetchFailure(error)), { ...details, latencyMs: elapsedSince(started) });
    }
    details.httpStatus = response.status;
    const body = this.options.body ? await readBody(response, this.maxBodyBytes, details, started) : await discard(response);
    details.latencyMs = elapsedSince(started);
    if (response.status < this.range[0] || response.status > this.range[1]) {
      throw new HealthError(messages.unexpectedStatus(response.status, this.expected()), details);
    }
    if (this.options.body && !(await this.options.body(body as string, response))) {
      throw new HealthError(messages.bodyRejected(response.status), details);
    }
    if (this.maxLatencyMs !== undefined && (details.latencyMs as number) > this.maxLatencyMs) {
      throw new HealthError(messages.tooSlow(details.latencyMs as number, this.maxLatencyMs), { ...details, maxLatencyMs: this.maxLatencyMs });
    }
    return { details };
  }

  private expected(): string {
    return this.range[0] === this.range[1] ? String(this.range[0]) : `${this.range[0]}-${this.range[1]}`;
  }
}

/**
 * fetch refuses a URL with credentials in it, so they move to an `Authorization: Basic` header
 * (decoded, as a browser would send them), unless the options already give an Authorization header.
 */
function withoutUrlCredentials(url: URL, headers: Readonly<Record<string, string>> | undefined) {
  if (url.username === '' && url.password === '') return { url: url.href, headers };
  const credentials = `${decoded(url.username)}:${decoded(url.password)}`;
  url.username = '';
  url.password = '';
  if (Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization')) return { url: url.href, headers };
  return { url: url.href, headers: { ...headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function statusRange(value: number | readonly [number, number]): readonly [number, number] {
  const range = typeof value === 'number' ? ([value, value] as const) : value;
  const valid = Array.isArray(range) && range.length === 2 && range.every((code) => Number.isInteger(code) && code >= 100 && code <= 599);
  if (!valid || range[0] > range[1]) {
    throw new ManagementConfigurationError(messages.invalidOption(LABEL, 'expectedStatus', 'a status code or a [min, max] range of status codes'));
  }
  return range;
}

async function readBody(response: Response, maxBytes: number, details: Record<string, unknown>, started: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new HealthError(messages.bodyTooLarge(maxBytes));
      chunks.push(chunk);
    }
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    const reason = error instanceof HealthError ? error.message : messages.requestFailed(reasonOf(error));
    throw new HealthError(reason, { ...details, latencyMs: elapsedSince(started) });
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function discard(response: Response): Promise<undefined> {
  await response.body?.cancel().catch(() => undefined);
  return undefined;
}

function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return scrubUrls(cause === undefined ? reasonOf(error) : reasonOf(cause));
}

/** `httpCheck('website', 'https://example.com/', { expectedStatus: [200, 399] })`. */
export function httpCheck(
  name: string,
  url: string,
  options: HttpIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<HttpHealthIndicator> {
  return registrationOf(name, new HttpHealthIndicator(url, options), options);
}
