import { Module } from '@nestjs/common';
import { DatabaseModule } from './database/database.module.js';
import { DbHealth } from './database/db.health.js';
import { EventLoopHealth } from './health/event-loop.health.js';
import { CacheWarmup } from './warmup/cache-warmup.service.js';

/**
 * The application itself, apart from management: its database and its health checks. Decorated
 * checks are plain providers in any module; ManagementModule finds them at bootstrap. Both root
 * modules (forRoot and forRootAsync) import this one.
 */
@Module({
  imports: [DatabaseModule],
  providers: [DbHealth, EventLoopHealth, CacheWarmup],
})
export class FeaturesModule {}
