import type { LogLevel } from '@nestjs/common';

/** Nest's log levels, most severe first, as /loggers lists them. */
export const LOG_LEVELS_BY_SEVERITY: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** What /loggers shows and accepts: a Nest level, or `off` for none. */
export type LoggerLevel = LogLevel | 'off';

/** Spring's level names, accepted too, so that Spring Boot Admin can set levels. */
const SPRING_NAMES: Readonly<Record<string, LoggerLevel>> = { trace: 'verbose', info: 'log' };

/** `name` as a level (any case, Spring's names too), or undefined for an unknown one. */
export function parseLevel(name: unknown): LoggerLevel | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  if (lower === 'off' || (LOG_LEVELS_BY_SEVERITY as readonly string[]).includes(lower)) return lower as LoggerLevel;
  return SPRING_NAMES[lower];
}

/** `level` and every level more severe: what a threshold enables. `off` enables none. */
export function atOrAbove(level: LoggerLevel): LogLevel[] {
  if (level === 'off') return [];
  return LOG_LEVELS_BY_SEVERITY.slice(0, LOG_LEVELS_BY_SEVERITY.indexOf(level) + 1);
}

/** The least severe of `levels` (the threshold logging starts at), `off` for none. */
export function leastSevere(levels: readonly LogLevel[]): LoggerLevel {
  for (let index = LOG_LEVELS_BY_SEVERITY.length - 1; index >= 0; index--) {
    if (levels.includes(LOG_LEVELS_BY_SEVERITY[index]!)) return LOG_LEVELS_BY_SEVERITY[index]!;
  }
  return 'off';
}

/** `levels` without duplicates, most severe first. */
export function bySeverity(levels: readonly LogLevel[]): LogLevel[] {
  return LOG_LEVELS_BY_SEVERITY.filter((level) => levels.includes(level));
}

/**
 * Nest's rule for a list of levels: a level prints when it is listed or is at least as severe as
 * the most severe one listed (so `['debug']` prints debug and everything above it).
 */
export function enabledByNest(levels: readonly LogLevel[]): LogLevel[] {
  if (levels.length === 0) return [];
  const mostSevere = LOG_LEVELS_BY_SEVERITY.find((level) => levels.includes(level));
  const floor = mostSevere === undefined ? -1 : LOG_LEVELS_BY_SEVERITY.indexOf(mostSevere);
  return LOG_LEVELS_BY_SEVERITY.filter((level, index) => index <= floor || levels.includes(level));
}
