import { ConsoleLogger, Logger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';

/** Nest's own ConsoleLogger (levels, setLogLevels and all) that records `"<level> <message>"` instead of printing. */
export class RecordingConsoleLogger extends ConsoleLogger {
  readonly lines: string[] = [];

  protected override printMessages(messages: unknown[], _context?: string, logLevel: LogLevel = 'log'): void {
    for (const message of messages) this.lines.push(`${logLevel} ${String(message)}`);
  }
}

/** Undoes levels set through `Logger.overrideLogger(levels)`, which are process-wide. */
export function forgetNestLogLevels(): void {
  (Logger as unknown as { logLevels?: LogLevel[] }).logLevels = undefined;
}
