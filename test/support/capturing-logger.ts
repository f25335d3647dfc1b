import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every message as `"<level> <message>"`, to see what the module logs. */
export function capturingLogger(): { logger: LoggerService; messages: string[] } {
  const messages: string[] = [];
  const keep = (level: string) => (message: unknown) => messages.push(`${level} ${String(message)}`);
  return { logger: { log: keep('log'), warn: keep('warn'), error: keep('error'), debug: keep('debug'), verbose: keep('verbose') }, messages };
}
