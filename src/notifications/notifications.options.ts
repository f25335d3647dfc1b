import type { HealthChangeKind } from '../health/health-change.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { validateDuration } from '../options/duration.js';
import { sectionOption } from '../options/object-option.js';

/** A JSON POST of every status change to a URL (Slack's incoming webhooks read its `text`). */
export interface WebhookOptions {
  /** Where to POST, e.g. a Slack incoming-webhook URL. Required. Never logged beyond its origin. */
  url: string;
  /** Headers sent with each POST, e.g. `{ Authorization: 'Bearer ...' }`. Default none. */
  headers?: Record<string, string>;
  /** Milliseconds one attempt may take. Default `5000`. */
  timeout?: number;
  /** Attempts after the first when one fails (network error, timeout, non-2xx). Default `3`. */
  retries?: number;
  /** Milliseconds before the first retry; each further retry waits twice as long. Default `1000`. */
  retryDelay?: number;
  /**
   * Milliseconds between two POSTs about the same component or group: changes in between are
   * held, and only the latest is sent when the interval is over (nothing, if it is back where it
   * was). Default `0`: every change is sent.
   */
  minimumInterval?: number;
  /** Which changes are sent. Default `['component', 'aggregate']` (groups repeat what their checks say). */
  kinds?: readonly HealthChangeKind[];
}

/** Where status changes are sent (`notifications` in the module options). */
export interface NotificationsOptions {
  /** POST each status change to a URL. Default: off. */
  webhook?: WebhookOptions;
}

export interface ResolvedWebhookOptions {
  url: string;
  headers: Record<string, string>;
  timeout: number;
  retries: number;
  retryDelay: number;
  minimumInterval: number;
  kinds: ReadonlySet<HealthChangeKind>;
}

export interface ResolvedNotificationsOptions {
  webhook: ResolvedWebhookOptions | undefined;
}

const KNOWN = ['webhook'];
const WEBHOOK_KEYS = ['url', 'headers', 'timeout', 'retries', 'retryDelay', 'minimumInterval', 'kinds'];
const KINDS: readonly HealthChangeKind[] = ['component', 'group', 'aggregate'];
const MAX_RETRIES = 10;

export function resolveNotificationsOptions(value: unknown): ResolvedNotificationsOptions {
  const options = sectionOption('notifications', value, KNOWN) as NotificationsOptions;
  return { webhook: options.webhook === undefined ? undefined : resolveWebhook(options.webhook) };
}

function resolveWebhook(value: unknown): ResolvedWebhookOptions {
  const options = sectionOption('notifications.webhook', value, WEBHOOK_KEYS) as WebhookOptions;
  const { url, headers = {}, kinds = ['component', 'aggregate'] } = options;
  if (typeof url !== 'string' || !/^https?:$/.test(parsedProtocol(url))) throw new ManagementConfigurationError(messages.invalidWebhookUrl(url));
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || !Object.values(headers).every((header) => typeof header === 'string')) {
    throw new ManagementConfigurationError(messages.invalidWebhookHeaders());
  }
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((kind) => KINDS.includes(kind))) {
    throw new ManagementConfigurationError(messages.invalidWebhookKinds(KINDS));
  }
  const key = (name: string) => `ManagementModule option 'notifications.webhook.${name}'`;
  const retries = options.retries ?? 3;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw new ManagementConfigurationError(messages.invalidCount('notifications.webhook.retries', retries, 0, MAX_RETRIES));
  }
  return {
    url,
    headers,
    timeout: options.timeout === undefined ? 5_000 : validateDuration(key('timeout'), options.timeout, false),
    retries,
    retryDelay: options.retryDelay === undefined ? 1_000 : validateDuration(key('retryDelay'), options.retryDelay, true),
    minimumInterval: options.minimumInterval === undefined ? 0 : validateDuration(key('minimumInterval'), options.minimumInterval, true),
    kinds: new Set(kinds),
  };
}

function parsedProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
