/**
 * Throw this from a check to report DOWN with a reason and details, for example
 * `throw new HealthError('replica lag too high', { lagSeconds: 42 })`.
 * Any other thrown value is DOWN too; this one lets you attach details.
 */
export class HealthError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HealthError';
  }
}
