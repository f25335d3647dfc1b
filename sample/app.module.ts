import { Module } from '@nestjs/common';
import { ManagementModule, memoryCheck } from '../src/index.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';
import { SampleConfigModule } from './config/sample-config.module.js';
import { FeaturesModule } from './features.module.js';
import { exchangeRatesCheck } from './health/exchange-rates.check.js';
import { appVersion } from './management/app-version.js';
import { bearerTokenAuthorizer } from './management/bearer-token.authorizer.js';

const config = new SampleConfig();

/**
 * The sample's root module, configured with `ManagementModule.forRoot()` and every option
 * (`port`/`address` aside: they move the endpoints to their own server; see the README).
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
      checks: [exchangeRatesCheck(config.exchangeRatesUrl), memoryCheck('memory', { maxRssBytes: 1024 * 2 ** 20, groups: ['liveness'] })],
      // Another service running this module, by bare host:port; nothing listens there in the
      // sample, so it shows DOWN without failing readiness (critical: false).
      serviceDependencies: { inventory_api: { url: config.inventoryHost, critical: false } },
      // Hold shutdown 2 s after readiness turns OUT_OF_SERVICE, so balancers move away first.
      drainDelay: 2_000,
      // Believe X-Forwarded-For from a proxy on this host; details only from loopback clients.
      access: { allow: ['loopback'], scope: 'details', trustProxy: 'loopback' },
      // Probe traffic stays out of the module's own log.
      noLog: true,
      // /info: a stable service.instance.id and a section of our own.
      info: { serviceInstanceId: true, contributors: { team: () => ({ owner: 'sample-team', docs: 'sample/README.md' }) } },
      // /environment: on, shown only to authorized requests, secrets scrubbed.
      environment: { enabled: true, custom: { region: 'local' } },
    }),
    FeaturesModule,
  ],
})
export class AppModule {}
