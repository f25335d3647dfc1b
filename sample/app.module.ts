import { Module } from '@nestjs/common';
import { ManagementModule } from '../src/index.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';
import { SampleConfigModule } from './config/sample-config.module.js';
import { FeaturesModule } from './features.module.js';
import { managementOptions } from './management/management-options.js';

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
      // MANAGEMENT_PORT moves the endpoints to their own port, served by the probe worker thread.
      port: config.managementPort,
      ...managementOptions(config),
    }),
    FeaturesModule,
  ],
})
export class AppModule {}
