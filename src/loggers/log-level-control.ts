import { ConsoleLogger, Logger } from '@nestjs/common';
import type { LogLevel, LoggerService } from '@nestjs/common';
import { messages } from '../messages.js';
import { atOrAbove, enabledByNest, LOG_LEVELS_BY_SEVERITY, leastSevere } from './log-levels.js';

/**
 * How /loggers reads and changes the application's log levels. The default works on Nest's own
 * logger; `pinoLogLevels()` works on a pino logger (nestjs-pino); write one for another logger.
 */
export interface LogLevelControl {
  /** The levels that print now. */
  enabled(): readonly LogLevel[];
  /** Makes exactly `levels` print (none when empty). */
  set(levels: readonly LogLevel[]): void;
  /** Why the levels cannot be changed now (the 409 answer), or undefined when they can. */
  refusal?(): string | undefined;
}

/** What Nest keeps in `Logger`'s protected statics. */
interface NestLoggerStatics {
  staticInstanceRef?: LoggerService;
  logLevels?: LogLevel[];
}

const statics = (): NestLoggerStatics => Logger as unknown as NestLoggerStatics;

/**
 * Nest's own logger: levels are read from the logger Nest logs through (`app.useLogger()` or the
 * `logger` option of `NestFactory.create()`) and set with `Logger.overrideLogger(levels)`, Nest's
 * public API for it, which passes them to that logger's `setLogLevels()` (ConsoleLogger has one;
 * a custom LoggerService may implement it) and to every `new Logger(context)`.
 */
export const nestLogLevels: LogLevelControl = {
  enabled() {
    const instance = statics().staticInstanceRef;
    if (!instance) return [];
    if (instance instanceof ConsoleLogger) return LOG_LEVELS_BY_SEVERITY.filter((level) => instance.isLevelEnabled(level));
    const levels = statics().logLevels;
    return levels ? enabledByNest(levels) : [...LOG_LEVELS_BY_SEVERITY];
  },
  set(levels) {
    Logger.overrideLogger([...levels]);
  },
  refusal() {
    const instance = statics().staticInstanceRef;
    if (!instance) return messages.loggersNestLoggingOff();
    if (instance instanceof ConsoleLogger || typeof instance.setLogLevels === 'function') return undefined;
    return messages.loggersWithoutSetLogLevels(instance.constructor?.name ?? 'a custom logger');
  },
};

/** The part of a pino logger the control uses. */
export interface PinoLevelHolder {
  level: string;
}

const PINO_LEVELS: Readonly<Record<LogLevel, string>> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * A pino logger's level, e.g. nestjs-pino's root: `pinoLogLevels(() => PinoLogger.root)`. Pino
 * has one threshold, so setting a list of levels sets the threshold to the least severe of them.
 * Nest's `verbose` is pino's `trace`, `log` is `info`, `off` is `silent`.
 */
export function pinoLogLevels(logger: () => PinoLevelHolder | undefined): LogLevelControl {
  return {
    enabled() {
      const level = logger()?.level;
      const nest = LOG_LEVELS_BY_SEVERITY.find((candidate) => PINO_LEVELS[candidate] === level);
      return nest ? atOrAbove(nest) : level === 'silent' ? [] : [...LOG_LEVELS_BY_SEVERITY];
    },
    set(levels) {
      const holder = logger();
      if (!holder) return;
      const threshold = leastSevere(levels);
      holder.level = threshold === 'off' ? 'silent' : PINO_LEVELS[threshold];
    },
    refusal() {
      return logger() ? undefined : messages.loggersPinoMissing();
    },
  };
}
