import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext, LoggerService, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, healthCheckProvider } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

type HttpRequest = { url: string; headers: Record<string, string | undefined> };

/** The roles guard of Nest's documentation: no roles on the handler means anyone may pass. */
@Injectable()
class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[] | undefined>('roles', context.getHandler());
    if (!roles) return true;
    const role = context.switchToHttp().getRequest<HttpRequest>().headers['x-role'];
    return role !== undefined && roles.includes(role);
  }
}

/** The same with a typed decorator from `Reflector.createDecorator`, read through the decorator. */
const Roles = Reflector.createDecorator<string[]>();

@Injectable()
class TypedRolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get(Roles, context.getHandler()) ?? [];
    return roles.includes(context.switchToHttp().getRequest<HttpRequest>().headers['x-role'] ?? '');
  }
}

/** A guard that answers everyone by throwing what `refusal` makes. */
function refusing(refusal: () => unknown): Type<CanActivate> {
  @Injectable()
  class RefusingGuard implements CanActivate {
    canActivate(): boolean {
      throw refusal();
    }
  }
  return RefusingGuard;
}

/** A Nest logger that keeps the warnings and errors about the authorizer (not, say, the failing check's). */
function capturingLogger(): { logger: LoggerService; complaints: string[] } {
  const complaints: string[] = [];
  const keep = (level: string) => (message: unknown) => {
    if (String(message).includes('authorizer')) complaints.push(`${level} ${String(message)}`);
  };
  const ignore = () => undefined;
  return { logger: { log: ignore, debug: ignore, verbose: ignore, warn: keep('warn'), error: keep('error') }, complaints };
}

const failing = () => {
  throw new Error('connection refused by db.internal');
};

async function appWith(adapter: AdapterName, options: ManagementModuleOptions, logger?: LoggerService) {
  return startApp(
    adapter,
    { imports: [ManagementModule.forRoot({ environment: { enabled: true }, ...options })], providers: [healthCheckProvider('db', failing)] },
    logger ? { logger } : {},
  );
}

const detailsOf = (body: unknown) => (body as { components: Record<string, { details?: unknown }> }).components.db!.details;
const asRole = (role: string) => ({ headers: { 'x-role': role } });

onEachAdapter('a Nest guard as authorizer', (adapter) => {
  const refusals: Record<string, () => unknown> = {
    UnauthorizedException: () => new UnauthorizedException('no admin token'),
    ForbiddenException: () => new ForbiddenException('not an admin'),
  };
  for (const [name, refusal] of Object.entries(refusals)) {
    it(`a guard that refuses by throwing ${name} is a quiet no: nothing is logged`, async (t) => {
      const { logger, complaints } = capturingLogger();
      const app = await appWith(adapter, { authorizer: refusing(refusal) }, logger);
      t.after(() => app.close());
      const answer = await call(app, '/z/health');
      assert.equal(answer.status, 503);
      assert.equal(detailsOf(answer.body), undefined);
      assert.equal((await call(app, '/z/environment')).status, 403);
      assert.deepEqual(complaints, []);
    });
  }

  it('a guard that fails with any other error says no and is logged each time, unless noLog', async (t) => {
    const broken = refusing(() => new Error('session store down'));
    const { logger, complaints } = capturingLogger();
    const app = await appWith(adapter, { authorizer: broken }, logger);
    t.after(() => app.close());
    assert.equal(detailsOf((await call(app, '/z/health')).body), undefined);
    assert.equal((await call(app, '/z/environment')).status, 403);
    const warning = 'warn The management authorizer refused or failed, so details stay hidden: session store down';
    assert.deepEqual(complaints, [warning, warning]);

    const quiet = capturingLogger();
    const silent = await appWith(adapter, { authorizer: broken, noLog: true }, quiet.logger);
    t.after(() => silent.close());
    assert.equal((await call(silent, '/z/environment')).status, 403);
    assert.deepEqual(quiet.complaints, []);
  });

  it('a roles guard finds the roles of access.authorizerMetadata on its handler: only a caller with the role sees details', async (t) => {
    const app = await appWith(adapter, { authorizer: RolesGuard, access: { authorizerMetadata: { roles: ['admin'] } } });
    t.after(() => app.close());
    for (const init of [undefined, asRole('viewer')]) {
      const answer = await call(app, '/z/health', init);
      assert.equal(answer.status, 503);
      assert.equal(detailsOf(answer.body), undefined);
      assert.equal((await call(app, '/z/environment', init)).status, 403);
      const info = (await call(app, '/z/info', init)).body as Record<string, Record<string, unknown>>;
      assert.equal(info['trace.attributes']!['process.pid'], undefined);
    }
    const admin = asRole('admin');
    assert.deepEqual(detailsOf((await call(app, '/z/health', admin)).body), { error: 'connection refused by db.internal' });
    assert.equal((await call(app, '/z/environment', admin)).status, 200);
    const info = (await call(app, '/z/info', admin)).body as Record<string, Record<string, unknown>>;
    assert.equal(info['trace.attributes']!['process.pid'], process.pid);
  });

  it('a guard reading a Reflector.createDecorator key finds it when authorizerMetadata uses the decorator key', async (t) => {
    const app = await appWith(adapter, { authorizer: TypedRolesGuard, access: { authorizerMetadata: { [Roles.KEY]: ['admin'] } } });
    t.after(() => app.close());
    assert.equal((await call(app, '/z/environment')).status, 403);
    assert.equal((await call(app, '/z/environment', asRole('admin'))).status, 200);
  });

  it('a guard that lets an anonymous request through stops start-up, naming the guard and the fix', async () => {
    const error = await bootstrapError(adapter, {
      imports: [ManagementModule.forRoot({ authorizer: RolesGuard })],
    });
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ManagementConfigurationError');
    assert.match(error.message, /the guard RolesGuard lets an anonymous request \(no headers, no user\) see details/);
    assert.match(error.message, /'access\.authorizerMetadata' \(e\.g\. \{ roles: \['admin'\] \}\)/);
  });

  it("such a guard is not asked at start-up when showDetails is 'always' or 'never'", async () => {
    for (const showDetails of ['always', 'never'] as const) {
      assert.equal(await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ authorizer: RolesGuard, showDetails })] }), undefined);
    }
  });

  it('a guard sees an HTTP context: the request and response being answered, the managementDetails handler and the controller', async (t) => {
    const seen: ExecutionContext[] = [];
    const recorder: CanActivate = {
      canActivate(context) {
        seen.push(context);
        return context.switchToHttp().getRequest<HttpRequest>().headers['x-role'] === 'admin';
      },
    };
    const app = await appWith(adapter, { authorizer: recorder, access: { authorizerMetadata: { roles: ['admin'] } } });
    t.after(() => app.close());
    const controllers = {
      '/z/health': 'HealthController',
      '/z/health/db': 'HealthController',
      '/z/info': 'InfoController',
      '/z/environment': 'EnvironmentController',
    };
    for (const [path, controller] of Object.entries(controllers)) {
      await call(app, path, asRole('admin'));
      const context = seen.at(-1)!;
      assert.equal(context.getType(), 'http');
      assert.equal(context.getClass().name, controller, path);
      assert.equal(context.getHandler().name, 'managementDetails');
      assert.deepEqual(Reflect.getMetadata('roles', context.getHandler()), ['admin']);
      const http = context.switchToHttp();
      const request = http.getRequest<HttpRequest>();
      assert.equal(request.url, path);
      // Answered at the front door, on both adapters: Node's own request and response.
      const response = http.getResponse<{ req?: unknown }>();
      assert.equal(response.req, request, 'the response of this very request');
    }
  });
});
