import type { HealthChange } from '../health/health-change.js';

/** What the webhook POSTs: Slack's `text`, the structured change, and which service it is about. */
export interface WebhookMessage {
  readonly text: string;
  readonly change: HealthChange;
  readonly service?: string;
}

/** `change` as a webhook body; `service` names the application when it is known. */
export function webhookMessage(change: HealthChange, service: string | undefined): WebhookMessage {
  const subject = change.kind === 'aggregate' ? 'Overall health' : change.kind === 'group' ? `Health group '${change.name}'` : `Health check '${change.name}'`;
  const was = change.from === null ? '' : ` (was ${change.from}${change.previousDurationMs === null ? '' : ` for ${duration(change.previousDurationMs)}`})`;
  const reason = change.reason ? `: ${change.reason}` : '';
  const text = `${service ? `[${service}] ` : ''}${subject} is ${change.to}${was}${reason}`;
  return service ? { text, change, service } : { text, change };
}

/** The webhook's URL as the log shows it: its origin only, since the path or query often is the secret (Slack's is). */
export function shownWebhookUrl(url: string): string {
  return `${new URL(url).origin}/…`;
}

function duration(milliseconds: number): string {
  if (milliseconds < 1_000) return `${milliseconds} ms`;
  const seconds = milliseconds / 1_000;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  return minutes < 120 ? `${Math.round(minutes)} min` : `${Math.round(minutes / 60)} h`;
}
