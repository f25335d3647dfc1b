import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { HealthChange } from '../health/health-change.js';
import { HealthEvents } from '../health/health-events.js';
import type { HealthStatus } from '../health/health-status.js';
import { serviceIdentityOf } from '../info/service-identity.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { sendRequest } from '../outbound/outbound-client.js';
import { OutboundError } from '../outbound/outbound-request.js';
import type { ResolvedWebhookOptions } from './notifications.options.js';
import { shownWebhookUrl, webhookMessage } from './webhook-message.js';
import type { WebhookMessage } from './webhook-message.js';

/** What is read of a receiver's answer before it is dropped; only its status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Changes waiting beyond this many are dropped, oldest first: a dead receiver must not grow memory. */
const MAX_QUEUED = 100;

/**
 * POSTs status changes to `notifications.webhook.url`, one at a time and in order, from a
 * bounded queue: a change is queued in O(1) and delivered later, so neither a probe nor a check
 * ever waits on the receiver. A failed attempt (network error, timeout, non-2xx) is retried after
 * `retryDelay`, doubling each time, up to `retries` times, then logged (with the URL's origin
 * only) and dropped. What is no news (see `accept()`) is not sent.
 */
@Injectable()
export class WebhookNotifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private readonly webhook: ResolvedWebhookOptions | undefined;
  private readonly queue: WebhookMessage[] = [];
  /** The status last sent about each component, group and the aggregate, and when (`performance.now()`); dropped when it ends. */
  private readonly lastSent = new Map<string, { at: number; to: HealthStatus }>();
  private readonly held = new Map<string, HealthChange>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stopping = new AbortController();
  private subscription?: Subscription;
  private sending = false;
  private overflowLogged = false;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly events: HealthEvents,
  ) {
    this.webhook = options.notifications.webhook;
  }

  onModuleInit(): void {
    if (!this.webhook) return;
    this.subscription = this.events.changes.subscribe((change) => this.accept(change, this.webhook!));
    // What is kept by name ends with the check or group; a held change of it is not sent.
    this.subscription.add(this.events.ended.subscribe(({ kind, name }) => this.forget(`${kind}:${name}`)));
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.stopping.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private forget(key: string): void {
    this.lastSent.delete(key);
    this.held.delete(key);
  }

  /**
   * Sends `change` unless it is no news: a change to UNKNOWN (nothing decisive is known, e.g. a
   * check without a result yet), or to the status last sent about it (UP when nothing was sent,
   * so what comes up UP is quiet). Within `minimumInterval` of the last POST about it, the change
   * is held and only the latest held is judged when the interval is over.
   */
  private accept(change: HealthChange, webhook: ResolvedWebhookOptions): void {
    if (!webhook.kinds.has(change.kind) || change.to === 'UNKNOWN') return;
    const key = `${change.kind}:${change.name}`;
    const last = this.lastSent.get(key);
    const now = performance.now();
    if (!last || now - last.at >= webhook.minimumInterval) return this.sendIfNews(key, change);
    const waiting = this.held.has(key);
    this.held.set(key, change);
    if (!waiting) void this.pause(last.at + webhook.minimumInterval - now).then(() => this.release(key));
  }

  private release(key: string): void {
    const change = this.held.get(key);
    this.held.delete(key);
    if (change) this.sendIfNews(key, change);
  }

  private sendIfNews(key: string, change: HealthChange): void {
    if (change.to === (this.lastSent.get(key)?.to ?? 'UP')) return;
    this.lastSent.set(key, { at: performance.now(), to: change.to });
    this.enqueue(change);
  }

  private enqueue(change: HealthChange): void {
    if (this.stopping.signal.aborted) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      if (!this.overflowLogged) this.logger.warn(messages.webhookQueueFull(shownWebhookUrl(this.webhook!.url), MAX_QUEUED));
      this.overflowLogged = true;
    }
    this.queue.push(webhookMessage(change, serviceIdentityOf(this.options).serviceId));
    if (!this.sending) void this.drain();
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0 && !this.stopping.signal.aborted) await this.deliver(this.queue.shift()!, this.webhook!);
    this.sending = false;
    this.overflowLogged = false;
  }

  private async deliver(message: WebhookMessage, webhook: ResolvedWebhookOptions): Promise<void> {
    let reason = '';
    for (let attempt = 0; attempt <= webhook.retries; attempt++) {
      if (attempt > 0) await this.pause(webhook.retryDelay * 2 ** (attempt - 1));
      if (this.stopping.signal.aborted) return;
      try {
        const { status } = await sendRequest({
          method: 'POST',
          url: webhook.url,
          body: JSON.stringify(message),
          headers: { 'Content-Type': 'application/json', ...webhook.headers },
          timeout: webhook.timeout,
          signal: this.stopping.signal,
          maxBodyBytes: MAX_ANSWER_BYTES,
          keepBody: false,
        });
        if (status >= 200 && status < 300) return;
        reason = `HTTP ${status}`;
      } catch (error) {
        reason = failureOf(error);
      }
    }
    this.logger.warn(messages.webhookFailed(shownWebhookUrl(webhook.url), webhook.retries + 1, reason));
  }

  /** Resolves after `milliseconds`, or at once on shutdown; never keeps the process alive. */
  private pause(milliseconds: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      timer.unref();
      this.timers.add(timer);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Why an attempt failed, without anything from the URL: the client's reason, or the error's code. */
function failureOf(error: unknown): string {
  if (error instanceof OutboundError) return error.message;
  return (error as { code?: string } | undefined)?.code ?? 'request failed';
}
