import { Controller, Get, Inject, Injectable, Param, Post, Scope, UseGuards, UseInterceptors, Version, VersioningType, VERSION_NEUTRAL } from '@nestjs/common';
import type { CallHandler, CanActivate, ExecutionContext, INestApplication, ModuleMetadata, NestApplicationOptions, NestInterceptor } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule, registerAs } from '@nestjs/config';
import { Cron, Interval, ScheduleModule, Timeout } from '@nestjs/schedule';
import type { Observable } from 'rxjs';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

export const TOKEN = { 'x-token': 'open-sesame' };
export const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';

/** The application's global guard: lets every request through (the management endpoints never meet it). */
@Injectable()
export class EveryoneGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

/** A route guard, bound with `@UseGuards()` on one handler. */
@Injectable()
export class OwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['x-owner'] !== undefined;
  }
}

@Injectable()
export class TimingInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

/** Built once per request. */
@Injectable({ scope: Scope.REQUEST })
export class RequestContext {
  readonly startedAt = Date.now();
}

/** A singleton by declaration that Nest builds per request, since it needs the request-scoped context. */
@Injectable()
export class CatsService {
  constructor(
    readonly context: RequestContext,
    @Inject('CATS_LIMIT') readonly limit: number,
  ) {}
}

@Controller({ path: 'cats', version: '1' })
@UseInterceptors(TimingInterceptor)
export class CatsController {
  constructor(private readonly cats: CatsService) {}

  @Get()
  list(): string[] {
    return ['tom'];
  }

  @Get(':id')
  @UseGuards(OwnerGuard)
  findOne(@Param('id') id: string): string {
    return id;
  }

  @Post()
  @Version(['2', '3'])
  create(): string {
    return 'created';
  }

  @Get('count')
  @Version(VERSION_NEUTRAL)
  count(): number {
    return this.cats.limit;
  }
}

@Injectable()
export class ReportTasks {
  @Cron('0 */5 * * * *', { name: 'nightly-report' })
  report(): void {}

  @Interval(60_000)
  refreshCache(): void {}

  @Timeout('warm-up', 600_000)
  warmUp(): void {}
}

const database = registerAs('database', () => ({ host: 'db.internal', port: 5432, password: 'hunter2', url: 'postgres://app:s3cret@db.internal/app' }));

/** The application the structure endpoints describe: guards, URI versioning, a request scope, jobs and configuration. */
export function structuredApp(
  adapter: AdapterName,
  options: ManagementModuleOptions & { port?: number; address?: string } = {},
  extra: ModuleMetadata = {},
  appOptions: NestApplicationOptions = {},
): Promise<TestApp> {
  return startApp(
    adapter,
    {
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [database, () => ({ featureFlag: true, apiToken: 'tok-123' })] }),
        ScheduleModule.forRoot(),
        ManagementModule.forRoot({ authorizer: byToken, ...options }),
        ...(extra.imports ?? []),
      ],
      controllers: [CatsController],
      providers: [
        { provide: APP_GUARD, useClass: EveryoneGuard },
        RequestContext,
        CatsService,
        { provide: 'CATS_LIMIT', useValue: 9 },
        { provide: 'CAT_SERVICE', useExisting: CatsService },
        ReportTasks,
        ...(extra.providers ?? []),
      ],
    },
    { ...appOptions, configure: (app: INestApplication) => void app.setGlobalPrefix('api').enableVersioning({ type: VersioningType.URI }) },
  );
}
