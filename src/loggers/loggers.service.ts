import { Inject, Injectable } from '@nestjs/common';
import type { LogLevel, OnApplicationBootstrap } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import type { LogLevelControl } from './log-level-control.js';
import { atOrAbove, bySeverity, leastSevere, LOG_LEVELS_BY_SEVERITY, parseLevel } from './log-levels.js';
import type { LoggerLevel } from './log-levels.js';

/** The one logger Nest has: its levels apply to every context. */
export const ROOT_LOGGER = 'ROOT';

/** What /loggers shows for the ROOT logger. */
export interface LoggerLevels {
  /**
   * The level set through POST /loggers (for a list, its least severe level, the one Spring Boot
   * Admin can show as set); null while the start-up levels are in force.
   */
  configuredLevel: LoggerLevel | null;
  /** The least severe level that prints (`off`: none). */
  effectiveLevel: LoggerLevel;
  /** Exactly the levels that print, most severe first. */
  enabledLevels: LogLevel[];
}

/** A change asked for, once the body has been validated. */
export type LevelChange = { configuredLevel: LoggerLevel | null } | { enabledLevels: LogLevel[] };

/** Reads and changes the application's log levels through the configured `LogLevelControl`. */
@Injectable()
export class LoggersService implements OnApplicationBootstrap {
  private readonly control: LogLevelControl;
  private startupLevels: readonly LogLevel[] = LOG_LEVELS_BY_SEVERITY;
  private configured: LoggerLevel | null = null;

  constructor(@Inject(MANAGEMENT_OPTIONS) options: ResolvedManagementOptions) {
    this.control = options.loggers.control;
  }

  /** Remembers the levels the application started with, for `configuredLevel: null`. */
  onApplicationBootstrap(): void {
    this.startupLevels = this.control.enabled();
  }

  /** The whole /loggers document. */
  document(): { levels: LoggerLevel[]; loggers: Record<string, LoggerLevels> } {
    return { levels: ['off', ...LOG_LEVELS_BY_SEVERITY], loggers: { [ROOT_LOGGER]: this.root() } };
  }

  root(): LoggerLevels {
    const enabledLevels = bySeverity(this.control.enabled());
    return { configuredLevel: this.configured, effectiveLevel: leastSevere(enabledLevels), enabledLevels };
  }

  /** Why levels cannot be changed now, or undefined. */
  refusal(): string | undefined {
    return this.control.refusal?.();
  }

  apply(change: LevelChange): LoggerLevels {
    if ('enabledLevels' in change) {
      this.control.set(change.enabledLevels);
      this.configured = leastSevere(change.enabledLevels);
    } else if (change.configuredLevel === null) {
      this.control.set(this.startupLevels);
      this.configured = null;
    } else {
      this.control.set(atOrAbove(change.configuredLevel));
      this.configured = change.configuredLevel;
    }
    return this.root();
  }
}

/** The change a POST body asks for, or the message saying what is wrong with it. */
export function parseLevelChange(body: unknown): LevelChange | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return messages.loggersBodyNotObject(body);
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== 'configuredLevel' && key !== 'enabledLevels') return messages.loggersUnknownField(key);
  }
  const hasLevel = 'configuredLevel' in fields;
  const hasList = 'enabledLevels' in fields;
  if (hasLevel && hasList) return messages.loggersBothFields();
  if (hasLevel) {
    if (fields.configuredLevel === null) return { configuredLevel: null };
    const level = parseLevel(fields.configuredLevel);
    return level ? { configuredLevel: level } : messages.loggersInvalidLevel('configuredLevel', fields.configuredLevel);
  }
  if (!hasList) return messages.loggersFieldMissing();
  const list = fields.enabledLevels;
  if (!Array.isArray(list)) return messages.loggersInvalidLevels(list);
  const levels: LogLevel[] = [];
  for (const entry of list) {
    const level = parseLevel(entry);
    if (!level || level === 'off') return messages.loggersInvalidLevel('enabledLevels', entry);
    levels.push(level);
  }
  return { enabledLevels: bySeverity(levels) };
}
