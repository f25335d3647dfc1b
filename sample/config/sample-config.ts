/** Path of the management endpoints. `'/z'` is the library's default; the sample names it anyway. */
export const MANAGEMENT_BASE_PATH = '/z';

/**
 * Demo-only bearer token that unlocks health details when `MANAGEMENT_TOKEN` is not set, so the
 * sample works out of the box. Never ship a default token in a real application.
 */
export const DEMO_MANAGEMENT_TOKEN = 'let-me-see';

/**
 * Everything the sample reads from the environment, read once. `AppAsyncModule` injects it into
 * the `forRootAsync()` factory the way a real app would inject its configuration service.
 */
export class SampleConfig {
  /** `PORT`, default 3000. */
  readonly port = Number(process.env.PORT ?? 3000);
  /** `ADAPTER=fastify` serves through Fastify; anything else through Express. */
  readonly adapter: 'express' | 'fastify' = process.env.ADAPTER === 'fastify' ? 'fastify' : 'express';
  /** `SAMPLE_ASYNC=1` starts `AppAsyncModule` (forRootAsync) instead of `AppModule` (forRoot). */
  readonly useAsyncModule = process.env.SAMPLE_ASYNC === '1';
  /** `MANAGEMENT_TOKEN`: the bearer token that may see health details. */
  readonly managementToken = process.env.MANAGEMENT_TOKEN || DEMO_MANAGEMENT_TOKEN;
  /** `WARMUP_MS`: how long the simulated cache warm-up takes, default 5000. */
  readonly warmupMs = Number(process.env.WARMUP_MS ?? 5_000);
  /** `EXCHANGE_RATES_URL`: the third-party feed of the `exchange-rates` check. */
  readonly exchangeRatesUrl = process.env.EXCHANGE_RATES_URL ?? 'http://127.0.0.1:3999/rates';

  /**
   * `MANAGEMENT_PORT`: serve the endpoints on their own port, answered by the probe worker thread
   * (e.g. `MANAGEMENT_PORT=9000`). Unset: on the application's own port, as the README shows.
   */
  readonly managementPort = process.env.MANAGEMENT_PORT ? Number(process.env.MANAGEMENT_PORT) : undefined;

  /** `INVENTORY_HOST`: host:port of a (pretend) service that runs this module too. */
  readonly inventoryHost = process.env.INVENTORY_HOST ?? '127.0.0.1:3998';
  /** `SPRING_BOOT_ADMIN_URL`: a Spring Boot Admin server to register with; unset: none. */
  readonly springBootAdminUrl = process.env.SPRING_BOOT_ADMIN_URL || undefined;

  get usesDemoToken(): boolean {
    return this.managementToken === DEMO_MANAGEMENT_TOKEN;
  }
}
