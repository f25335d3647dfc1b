// Nest alone: a readiness route of the application's own, for the cold-start baseline.
import { Controller, Get, Module } from '@nestjs/common';

@Controller('z/health')
class ReadinessController {
  @Get('readiness')
  readiness(): { status: string } {
    return { status: 'UP' };
  }
}

@Module({ controllers: [ReadinessController] })
export class ColdStartAppModule {}
