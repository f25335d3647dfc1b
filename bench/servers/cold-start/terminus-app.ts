// Nest with @nestjs/terminus: the same readiness route, answered by HealthCheckService with no indicators.
import { Controller, Get, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';

@Controller('z/health')
class ReadinessController {
  constructor(private readonly health: HealthCheckService) {}

  @Get('readiness')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}

@Module({ imports: [TerminusModule], controllers: [ReadinessController] })
export class ColdStartAppModule {}
