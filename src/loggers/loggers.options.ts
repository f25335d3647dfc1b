import { ManagementConfigurationError, messages } from '../messages.js';
import { booleanOption, sectionOption } from '../options/object-option.js';
import type { LogLevelControl } from './log-level-control.js';
import { nestLogLevels } from './log-level-control.js';

/** Options of /loggers (`loggers` in the module options). */
export interface LoggersOptions {
  /** Serve /loggers at all. Default `false` (it answers 404). */
  enabled?: boolean;
  /**
   * How levels are read and changed. Default: Nest's own logger (`Logger.overrideLogger()`),
   * which covers `ConsoleLogger` and any logger with `setLogLevels()`. For nestjs-pino:
   * `pinoLogLevels(() => PinoLogger.root)`.
   */
  control?: LogLevelControl;
}

export interface ResolvedLoggersOptions {
  enabled: boolean;
  control: LogLevelControl;
}

const KNOWN = ['enabled', 'control'];

export function resolveLoggersOptions(value: unknown): ResolvedLoggersOptions {
  const options = sectionOption('loggers', value, KNOWN) as LoggersOptions;
  const enabled = booleanOption('loggers.enabled', options.enabled, false);
  const control = options.control;
  if (control !== undefined && (typeof control?.enabled !== 'function' || typeof control.set !== 'function')) {
    throw new ManagementConfigurationError(messages.invalidLogLevelControl());
  }
  return { enabled, control: control ?? nestLogLevels };
}
