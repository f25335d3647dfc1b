// Nest with this library's defaults: readiness at /z/health/readiness. The library is imported as
// a user gets it: the built package (dist/, one bundled file per format), not the test build.
import { Module } from '@nestjs/common';

const entry = new URL('../../../../dist/esm/index.js', import.meta.url).href;
const { ManagementModule } = (await import(entry)) as typeof import('../../../src/index.js');

@Module({ imports: [ManagementModule.forRoot()] })
export class ColdStartAppModule {}
