import { Controller, Get } from '@nestjs/common';
import type { ModuleMetadata, Type } from '@nestjs/common';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { appMetadata, decoratedCheck } from './bench-apps.js';
import { burn } from './busy-work.js';
import { instant } from './dependencies.js';
import type { SaturationConfig } from './server-config.js';

/** Two instant readiness checks, so that readiness has something to report. */
const CHECK_NAMES = ['check1', 'check2'];

/** The root module metadata of a saturation contender: the /work route plus its probe server, if any. */
export function saturationMetadata({ contender, workIterations }: SaturationConfig): ModuleMetadata {
  const work = workController(workIterations);
  if (contender === 'baseline') return { controllers: [work] };
  if (contender === 'terminus') {
    const terminus = appMetadata('terminus', 'two');
    return { ...terminus, controllers: [...(terminus.controllers ?? []), work] };
  }
  return {
    imports: [ManagementModule.forRoot(managementOptions(contender !== 'in-process', contender === 'worker-grpc'))],
    controllers: [work],
    providers: CHECK_NAMES.map((name) => decoratedCheck(name, {}, instant)),
  };
}

/**
 * A separate management port on loopback, its probes answered from a worker thread or on the main
 * thread. `probes` is said explicitly both ways, so that a build without the option fails to start
 * instead of measuring the main thread under the worker's name. With `grpc`, the worker also
 * serves the gRPC health service on a loopback port of its own.
 */
function managementOptions(worker: boolean, grpc: boolean): ManagementModuleOptions {
  return { port: 0, address: '127.0.0.1', probes: { worker }, ...(grpc ? { grpc: { port: 0, address: '127.0.0.1' } } : {}) };
}

/** A controller whose `GET /work` burns `iterations` of CPU synchronously, like a busy handler. */
function workController(iterations: number): Type {
  @Controller()
  class WorkController {
    @Get('work')
    work(): { hash: number } {
      return { hash: burn(iterations) };
    }
  }
  return WorkController;
}
