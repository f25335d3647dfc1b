import { HealthError } from '../../src/index.js';
import type { HealthCheckRegistration } from '../../src/index.js';

/**
 * A check given through the `checks` option instead of a decorated provider: a third-party
 * exchange-rate feed. It is in the custom group `external` (served at /z/health/external) and
 * not critical, so when the feed is down the component says DOWN but /z/health and readiness
 * stay UP. Out of the box `EXCHANGE_RATES_URL` points at a closed local port, so you see exactly that.
 * It passes the check's AbortSignal to fetch, so a timed-out request is cancelled, not leaked.
 */
export function exchangeRatesCheck(url: string): HealthCheckRegistration {
  return {
    name: 'exchange-rates',
    groups: ['external'],
    critical: false,
    timeout: 400,
    ttl: { up: 60_000, down: 5_000 },
    async check(signal) {
      let response: Response;
      try {
        response = await fetch(url, { method: 'HEAD', signal });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new HealthError(`exchange-rate feed unreachable: ${cause?.code ?? cause?.message ?? String(error)}`, { url });
      }
      if (!response.ok) throw new HealthError(`exchange-rate feed answered ${response.status}`, { url });
      return { details: { url } };
    },
  };
}
