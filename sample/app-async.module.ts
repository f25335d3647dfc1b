import { Module } from '@nestjs/common';
import { ManagementModule } from '../src/index.js';
import type { ManagementModuleOptions } from '../src/index.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';
import { SampleConfigModule } from './config/sample-config.module.js';
import { FeaturesModule } from './features.module.js';
import { exchangeRatesCheck } from './health/exchange-rates.check.js';
import { appVersion } from './management/app-version.js';
import { bearerTokenAuthorizer } from './management/bearer-token.authorizer.js';

/**
 * The same application configured with `ManagementModule.forRootAsync()`: the options come from
 * a factory that gets `SampleConfig` injected. `basePath` stays next to `useFactory` because it
 * decides routes, which Nest fixes before any factory runs. Started by `SAMPLE_ASYNC=1`.
 */
@Module({
  imports: [
    SampleConfigModule,
    ManagementModule.forRootAsync({
      basePath: MANAGEMENT_BASE_PATH,
      inject: [SampleConfig],
      useFactory: (config: SampleConfig): ManagementModuleOptions => ({
        timeout: 750,
        ttl: { up: 10_000, down: 2_000 },
        showDetails: 'when-authorized',
        authorizer: bearerTokenAuthorizer(config.managementToken),
        version: appVersion,
        checks: [exchangeRatesCheck(config.exchangeRatesUrl)],
      }),
    }),
    FeaturesModule,
  ],
})
export class AppAsyncModule {}
