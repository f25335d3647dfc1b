import { HealthError } from '../../health/health-error.js';
import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { HealthCheckReturn, HealthIndicator } from '../../health/health-indicator.interface.js';
import { ManagementConfigurationError, messages } from '../../messages.js';
import { sendRequest } from '../../outbound/outbound-client.js';
import { failureReason, OutboundError } from '../../outbound/outbound-request.js';
import type { OutboundResponse } from '../../outbound/outbound-request.js';
import { scrubUrls } from '../../secrets/secret-scrubber.js';
import { elapsedSince, registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { limit, optionalLimit } from '../shared/limits.js';

/**
 * Decides from the body (and the response) whether the answer is healthy. The response is a
 * `Response` made from the answer (status, headers and the same body text).
 */
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
  /**
   * Whether redirects are followed, up to 5 (otherwise a 3xx is the answer). Default `true`. The
   * headers and URL credentials reach only the URL's own origin, never a host it redirects to.
   */
  followRedirects?: boolean;
  /** Milliseconds above which an answer counts as too slow. Default none: only `timeout` applies. */
  maxLatencyMs?: number;
}

const LABEL = 'HTTP health indicator';

/** Redirects followed before the check is DOWN, as the service-dependency checker does. */
const MAX_REDIRECTS = 5;

/**
 * Any URL over HTTP(S) with the module's own client (not the global `fetch`, whose dispatcher the
 * application may replace): UP when the status is in the expected range and
 * the optional body predicate agrees. The request is aborted when the check times out. Use it for
 * plain web endpoints; a service running this module is better watched as a service dependency.
 */
export class HttpHealthIndicator implements HealthIndicator {
  private readonly shownUrl: string;
  private readonly range: readonly [number, number];
  private readonly maxBodyBytes: number;
  private readonly maxLatencyMs: number | undefined;

  constructor(
    private readonly url: string,
    private readonly options: HttpIndicatorOptions = {},
  ) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new ManagementConfigurationError(messages.invalidOption(LABEL, 'url', `an http(s) URL, got '${scrubUrls(String(url))}'`));
    }
    this.shownUrl = scrubUrls(url);
    this.range = statusRange(options.expectedStatus ?? [200, 299]);
    this.maxBodyBytes = limit(LABEL, 'maxBodyBytes', options.maxBodyBytes, 'positive', 256 * 1024);
    this.maxLatencyMs = optionalLimit(LABEL, 'maxLatencyMs', options.maxLatencyMs, 'positive');
  }

  async check(signal?: AbortSignal): Promise<HealthCheckReturn> {
    const started = performance.now();
    const details: Record<string, unknown> = { url: this.shownUrl, expectedStatus: this.expected() };
    let response: OutboundResponse;
    try {
      response = await sendRequest({
        url: this.url,
        method: this.options.method ?? 'GET',
        originHeaders: this.options.headers,
        signal,
        maxRedirects: this.options.followRedirects === false ? 0 : MAX_REDIRECTS,
        maxBodyBytes: this.maxBodyBytes,
        keepBody: this.options.body !== undefined,
      });
    } catch (error) {
      const tooLarge = error instanceof OutboundError && error.code === 'OUTBOUND_BODY_TOO_LARGE';
      const reason = tooLarge ? messages.bodyTooLarge(this.maxBodyBytes) : messages.requestFailed(failureReason(error));
      throw new HealthError(reason, { ...details, latencyMs: elapsedSince(started) });
    }
    details.httpStatus = response.status;
    details.latencyMs = elapsedSince(started);
    if (response.status < this.range[0] || response.status > this.range[1]) {
      throw new HealthError(messages.unexpectedStatus(response.status, this.expected()), details);
    }
    if (this.options.body && !(await this.options.body(response.body, responseOf(response)))) {
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

function statusRange(value: number | readonly [number, number]): readonly [number, number] {
  const range = typeof value === 'number' ? ([value, value] as const) : value;
  const valid = Array.isArray(range) && range.length === 2 && range.every((code) => Number.isInteger(code) && code >= 100 && code <= 599);
  if (!valid || range[0] > range[1]) {
    throw new ManagementConfigurationError(messages.invalidOption(LABEL, 'expectedStatus', 'a status code or a [min, max] range of status codes'));
  }
  return range;
}

/** The answer as a fetch `Response`, for the body predicate. */
function responseOf(answer: OutboundResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const each of Array.isArray(value) ? value : [value ?? '']) headers.append(name, each);
  }
  const withoutBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
  return new Response(withoutBody ? null : answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

/** `httpCheck('website', 'https://example.com/', { expectedStatus: [200, 399] })`. */
export function httpCheck(
  name: string,
  url: string,
  options: HttpIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<HttpHealthIndicator> {
  return registrationOf(name, new HttpHealthIndicator(url, options), options);
}
