import { Module } from '@nestjs/common';
import { ManagementModule } from '../src/index.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';
import { SampleConfigModule } from './config/sample-config.module.js';
import { FeaturesModule } from './features.module.js';
import { exchangeRatesCheck } from './health/exchange-rates.check.js';
import { appVersion } from './management/app-version.js';
import { bearerTokenAuthorizer } from './management/bearer-token.authorizer.js';

const config = new SampleConfig();

/**
 * The sample's root module, configured with `ManagementModule.forRoot()` and every option.
 * `AppAsyncModule` builds the same options with `forRootAsync()` (run with `SAMPLE_ASYNC=1`).
 */
@Module({
  imports: [
    SampleConfigModule,
    ManagementModule.forRoot({
      // The default, written out: the README's curl lines use it.
      basePath: MANAGEMENT_BASE_PATH,
      // A check slower than this is DOWN; kept under Kubernetes' 1 s probe timeout.
      timeout: 750,
      // Reuse an UP result for 10 s and a DOWN one for 2 s; checks may override it.
      ttl: { up: 10_000, down: 2_000 },
      // Statuses are public; reasons and observed values only for the authorizer's yes.
      showDetails: 'when-authorized',
      authorizer: bearerTokenAuthorizer(config.managementToken),
      version: appVersion,
      checks: [exchangeRatesCheck(config.exchangeRatesUrl)],
    }),
    FeaturesModule,
  ],
})
export class AppModule {}
