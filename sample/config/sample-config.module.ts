import { Global, Module } from '@nestjs/common';
import { SampleConfig } from './sample-config.js';

/** Provides `SampleConfig` everywhere, like `@nestjs/config`'s `ConfigModule.forRoot({ isGlobal: true })`. */
@Global()
@Module({
  providers: [SampleConfig],
  exports: [SampleConfig],
})
export class SampleConfigModule {}
