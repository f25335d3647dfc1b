import { Controller, Get, Header, Injectable } from '@nestjs/common';
import type { ModuleMetadata, Type } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, HealthCheck as TerminusHealthCheck, TerminusModule } from '@nestjs/terminus';
import { Registry } from 'prom-client';
import { HealthCheck, ManagementModule } from '../../src/index.js';
import type { HealthCheckOptions, ManagementModuleOptions } from '../../src/index.js';
import { SETUP_CHECKS } from './dependencies.js';
import { CHECK_TIMEOUT, DIAGNOSTICS_TOKEN } from './server-config.js';
import type { Contender, Setup } from './server-config.js';

/** The library's default TTL for a healthy result, given to terminus's `.cacheFor()` too. */
const TTL = 27_000;

/**
 * The root module metadata of each Nest contender, serving liveness and readiness at the same
 * paths (`app` and `app-module` serve `APP_PATH` instead; `raw` is no Nest app).
 */
export function appMetadata(contender: Exclude<Contender, 'raw'>, setup: Setup): ModuleMetadata {
  if (contender === 'bare') return { controllers: [BareHealthController] };
  if (contender === 'module') return moduleApp(setup);
  if (contender === 'module-metrics') return moduleApp(setup, { prometheus: { enabled: true, registry: new Registry() } });
  if (contender === 'module-dashboard') return moduleApp(setup, { showDetails: 'always', dashboard: { enabled: true, refreshInterval: 500 } });
  if (contender === 'worker') return moduleApp(setup, { port: 0, address: '127.0.0.1', probes: { worker: true } });
  if (contender === 'app') return { controllers: [AppRouteController] };
  if (contender === 'app-module') return { ...moduleApp(setup), controllers: [AppRouteController] };
  if (contender === 'app-diagnostics') {
    const authorizer = (request: unknown) => (request as { headers: Record<string, unknown> }).headers['x-token'] === DIAGNOSTICS_TOKEN;
    return { ...moduleApp(setup, { authorizer, diagnostics: { profile: true, heapdump: true } }), controllers: [AppRouteController] };
  }
  return terminusApp(setup, contender === 'terminus-cached');
}

/** Names of the readiness checks of `setup`. */
function checkNames(setup: Setup): string[] {
  if (setup === 'five') return ['check1', 'check2', 'check3', 'check4', 'check5'];
  if (setup === 'two') return ['check1', 'check2'];
  return [setup === 'storm' ? 'dependency' : 'stuck'];
}

@Controller('z/health')
class BareHealthController {
  @Get('liveness')
  @Header('Cache-Control', 'no-store')
  liveness(): object {
    return { status: 'UP' };
  }

  @Get('readiness')
  @Header('Cache-Control', 'no-store')
  readiness(): object {
    return { status: 'UP' };
  }
}

/** The application's own route: the bare route's answer, at a path of the application's. */
@Controller('app')
class AppRouteController {
  @Get('status')
  @Header('Cache-Control', 'no-store')
  status(): object {
    return { status: 'UP' };
  }
}

function moduleApp(setup: Setup, extra: ManagementModuleOptions = {}): ModuleMetadata {
  // The hung and healthy setups turn caching off, so every request waits on the check (the worst case).
  const options: HealthCheckOptions = setup === 'hung' || setup === 'healthy' ? { ttl: 0 } : {};
  return {
    imports: [ManagementModule.forRoot({ timeout: CHECK_TIMEOUT, ...extra })],
    providers: checkNames(setup).map((name) => decoratedCheck(name, options, SETUP_CHECKS[setup])),
  };
}

/** A provider class marked `@HealthCheck(name, options)` whose `check()` calls `run`. */
export function decoratedCheck(name: string, options: HealthCheckOptions, run: () => unknown): Type {
  @HealthCheck(name, options)
  @Injectable()
  class BenchCheck {
    check(): unknown {
      return run();
    }
  }
  return BenchCheck;
}

function terminusApp(setup: Setup, cached: boolean): ModuleMetadata {
  const names = checkNames(setup);
  const run = SETUP_CHECKS[setup];

  @Controller('z/health')
  class TerminusHealthController {
    constructor(
      private readonly health: HealthCheckService,
      private readonly indicators: HealthIndicatorService,
    ) {}

    @Get('liveness')
    @TerminusHealthCheck()
    liveness(): Promise<unknown> {
      return this.health.check([]);
    }

    @Get('readiness')
    @TerminusHealthCheck()
    readiness(): Promise<unknown> {
      return this.health.check(names.map((name) => () => this.attempt(name)));
    }

    private attempt(name: string) {
      const attempt = this.indicators.check(name).attempt(async () => void (await run())).withTimeout(CHECK_TIMEOUT);
      return cached ? attempt.cacheFor(TTL) : attempt;
    }
  }

  return { imports: [TerminusModule.forRoot({ logger: false })], controllers: [TerminusHealthController] };
}
