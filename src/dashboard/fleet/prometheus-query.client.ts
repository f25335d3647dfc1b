import { sendRequest } from '../../outbound/outbound-client.js';
import { failureReason } from '../../outbound/outbound-request.js';
import { fleetMessages } from './fleet.messages.js';
import type { ResolvedFleetOptions } from './fleet.options.js';

/** One element of an instant vector: its labels and its value. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A query that got no vector: Prometheus could not be reached, refused it, or answered something else. */
export class PrometheusUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusUnavailable';
  }
}

/** Largest answer read: a fleet of thousands of instances and components fits well within it. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface QueryAnswer {
  status?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

/**
 * Runs an instant query at `{url}/api/v1/query` through the module's own outbound client, within
 * `timeout`, and returns the vector. Anything else (no connection, a timeout, a non-2xx, an error
 * answer, not a vector) rejects with a `PrometheusUnavailable` whose message the page shows.
 */
export async function instantQuery(options: Pick<ResolvedFleetOptions, 'url' | 'headers' | 'timeout'>, query: string): Promise<Sample[]> {
  const url = `${options.url.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
  let answer;
  try {
    answer = await sendRequest({ url, originHeaders: { Accept: 'application/json', ...options.headers }, timeout: options.timeout, maxBodyBytes: MAX_BODY_BYTES });
  } catch (error) {
    throw new PrometheusUnavailable(fleetMessages.unreachable(failureReason(error)));
  }
  const body = parsed(answer.body);
  if (answer.status < 200 || answer.status > 299) {
    const detail = typeof body?.error === 'string' ? body.error : '';
    throw new PrometheusUnavailable(fleetMessages.answered(answer.status, detail.slice(0, 300)));
  }
  if (body?.status !== 'success' || body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
    throw new PrometheusUnavailable(fleetMessages.unreachable(fleetMessages.notPrometheus()));
  }
  return (body.data.result as { metric?: Record<string, string>; value?: [number, string] }[]).map((element) => ({
    labels: element.metric ?? {},
    value: Number(element.value?.[1]),
  }));
}

function parsed(text: string): QueryAnswer | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as QueryAnswer) : undefined;
  } catch {
    return undefined;
  }
}
