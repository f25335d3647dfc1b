import { ManagementConfigurationError, messages } from '../messages.js';
import { objectOption } from '../options/object-option.js';
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
  const options = objectOption('loggers', value) as LoggersOptions;
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new ManagementConfigurationError(messages.unknownNestedOption('loggers', key, KNOWN));
  }
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new ManagementConfigurationError(messages.invalidBoolean('loggers.enabled'));
  }
  const control = options.control;
  if (control !== undefined && (typeof control?.enabled !== 'function' || typeof control.set !== 'function')) {
    throw new ManagementConfigurationError(messages.invalidLogLevelControl());
  }
  return { enabled: options.enabled ?? false, control: control ?? nestLogLevels };
}
