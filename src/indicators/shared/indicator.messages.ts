/** Every error text of the ready-made indicators, in one place. */

const bytes = (value: number): string => `${value} bytes`;

export const indicatorMessages = {
  invalidLimit: (indicator: string, key: string, value: unknown, range: string) =>
    `${indicator}: '${key}' must be ${range}, got ${typeof value === 'number' ? value : typeof value}.`,
  invalidOption: (indicator: string, key: string, expected: string) => `${indicator}: '${key}' must be ${expected}.`,
  missingLimit: (indicator: string, keys: readonly string[]) =>
    `${indicator}: give at least one limit (${keys.join(', ')}).`,
  tooSlow: (latencyMs: number, limit: number) => `answered in ${latencyMs} ms, above the limit of ${limit} ms`,
  aboveLimit: (what: string, observed: number, limit: number) => `${what} ${bytes(observed)} is above the limit of ${bytes(limit)}`,
  ratioAboveLimit: (what: string, observed: number, limit: number) => `${what} ${observed} is above the limit of ${limit}`,
  belowLimit: (what: string, observed: number, limit: number, unit: 'bytes' | '') =>
    `${what} ${unit ? bytes(observed) : observed} is below the limit of ${unit ? bytes(limit) : limit}`,
  delayAboveLimit: (percentile: number, observed: number, limit: number) =>
    `event-loop delay p${percentile} ${observed} ms is above the limit of ${limit} ms`,
  notReady: (driver: string, state: string) => `${driver} connection is not ready (${state})`,
  closed: (driver: string) => `${driver} connection is closed`,
  notInitialized: () => 'TypeORM DataSource is not initialized',
  unexpectedReply: (reply: unknown) => `unexpected reply ${JSON.stringify(reply) ?? String(reply)}`,
  unexpectedStatus: (status: number, expected: string) => `answered HTTP ${status}; expected ${expected}`,
  bodyRejected: (status: number) => `answered HTTP ${status} with a body the predicate rejected`,
  bodyTooLarge: (limit: number) => `response body is larger than ${bytes(limit)}`,
  requestFailed: (reason: string) => `request failed: ${reason}`,
};
