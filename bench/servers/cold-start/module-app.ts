// Nest with this library's defaults: readiness at /z/health/readiness.
import { Module } from '@nestjs/common';
import { ManagementModule } from '../../../src/index.js';

@Module({ imports: [ManagementModule.forRoot()] })
export class ColdStartAppModule {}
