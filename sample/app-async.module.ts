import { Module } from '@nestjs/common';
import { ManagementModule } from '../src/index.js';
import type { ManagementModuleOptions } from '../src/index.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';
import { SampleConfigModule } from './config/sample-config.module.js';
import { FeaturesModule } from './features.module.js';
import { managementOptions } from './management/management-options.js';

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
      // MANAGEMENT_PORT moves the endpoints to their own port, served by the probe worker thread.
      port: new SampleConfig().managementPort,
      inject: [SampleConfig],
      useFactory: (config: SampleConfig): ManagementModuleOptions => managementOptions(config),
    }),
    FeaturesModule,
  ],
})
export class AppAsyncModule {}
