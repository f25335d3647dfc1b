import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, healthCheckProvider } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

/** A dependency of the guard, to show the guard is built by Nest's DI. */
@Injectable()
class AdminTokens {
  readonly accepted = 'admin-token';
}

@Injectable()
class AdminGuard implements CanActivate {
  constructor(private readonly tokens: AdminTokens) {}
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (request.headers.authorization !== `Bearer ${this.tokens.accepted}`) throw new UnauthorizedException('no admin token');
    return true;
  }
}

const failing = () => {
  throw new Error('connection refused by db.internal');
};

async function appWith(adapter: AdapterName, options: ManagementModuleOptions) {
  return startApp(adapter, {
    imports: [ManagementModule.forRoot({ environment: { enabled: true }, ...options })],
    providers: [AdminTokens, healthCheckProvider('db', failing)],
  });
}

/** A function authorizer that counts how often it is asked; it accepts `x-admin: yes`. */
function countingAuthorizer() {
  const asked = { count: 0 };
  const authorizer = (request: unknown) => {
    asked.count += 1;
    return (request as { headers: Record<string, unknown> }).headers['x-admin'] === 'yes';
  };
  return { asked, authorizer };
}

const asAdmin = { headers: { 'x-admin': 'yes' } };
/** Every endpoint whose body or status depends on whether details are allowed. */
const DETAILED_PATHS = ['/z/health', '/z/health/readiness', '/z/health/startup', '/z/health/db', '/z/info', '/z/environment'];

const detailsOf = (body: unknown) => (body as { components: Record<string, { details?: unknown }> }).components.db!.details;

onEachAdapter('access policy', (adapter) => {
  it('a Nest guard class as authorizer is built through DI and decides who sees details and /environment', async (t) => {
    const app = await appWith(adapter, { authorizer: AdminGuard });
    t.after(() => app.close());
    const anonymous = await call(app, '/z/health');
    assert.equal(anonymous.status, 503);
    assert.equal(detailsOf(anonymous.body), undefined, 'statuses stay open, details do not');
    assert.doesNotMatch(anonymous.text, /db\.internal/);
    assert.equal((await call(app, '/z/environment')).status, 403);

    const admin = { headers: { authorization: 'Bearer admin-token' } };
    const authorized = await call(app, '/z/health', admin);
    assert.match(JSON.stringify(detailsOf(authorized.body)), /connection refused by db\.internal/);
    assert.equal((await call(app, '/z/environment', admin)).status, 200);
  });

  it('liveness and ping never ask the authorizer and answer a terse status to everyone', async (t) => {
    const { asked, authorizer } = countingAuthorizer();
    const app = await appWith(adapter, { authorizer });
    t.after(() => app.close());
    for (const path of ['/z/health/liveness', '/z/health/ping']) {
      for (const init of [undefined, asAdmin]) {
        const answer = await call(app, path, init);
        assert.equal(answer.status, 200, path);
        assert.deepEqual(answer.body, { status: 'UP' }, path);
      }
    }
    assert.equal(asked.count, 0);
  });

  it('the authorizer is asked once per request whose answer depends on it, and never for /version', async (t) => {
    const { asked, authorizer } = countingAuthorizer();
    const app = await appWith(adapter, { authorizer });
    t.after(() => app.close());
    for (const path of DETAILED_PATHS) {
      const before = asked.count;
      await call(app, path);
      assert.equal(asked.count, before + 1, path);
    }
    await call(app, '/z/version');
    assert.equal(asked.count, DETAILED_PATHS.length);
  });

  for (const showDetails of ['never', 'always'] as const) {
    it(`with showDetails '${showDetails}' the authorizer is never asked`, async (t) => {
      const { asked, authorizer } = countingAuthorizer();
      const app = await appWith(adapter, { authorizer, showDetails });
      t.after(() => app.close());
      for (const path of [...DETAILED_PATHS, '/z/health/liveness', '/z/version']) await call(app, path, asAdmin);
      assert.equal(asked.count, 0);
    });
  }

  it('an allow-list with scope "all" answers 403 with a JSON reason to other addresses on every endpoint', async (t) => {
    const app = await appWith(adapter, { access: { allow: ['10.0.0.0/8', 'fd00::/8'], scope: 'all' } });
    t.after(() => app.close());
    for (const path of ['/z/health', '/z/health/liveness', '/z/health/db', '/z/info', '/z/version', '/z/environment']) {
      const answer = await call(app, path);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.cacheControl, 'no-store');
      assert.deepEqual(answer.body, { statusCode: 403, error: 'Forbidden', message: 'This client address may not use the management endpoints.' });
    }
  });

  it('an allow-list with scope "details" keeps statuses open and grants details to allowed addresses only', async (t) => {
    const allowed = await appWith(adapter, { access: { allow: ['127.0.0.0/8'] } });
    t.after(() => allowed.close());
    assert.match(JSON.stringify(detailsOf((await call(allowed, '/z/health')).body)), /db\.internal/);
    assert.equal((await call(allowed, '/z/environment')).status, 200);

    const other = await appWith(adapter, { access: { allow: ['192.0.2.0/24'] } });
    t.after(() => other.close());
    const answer = await call(other, '/z/health');
    assert.equal(answer.status, 503);
    assert.equal(detailsOf(answer.body), undefined);
    assert.equal((await call(other, '/z/environment')).status, 403);
  });

  it('X-Forwarded-For counts only from trusted proxies', async (t) => {
    const forwarded = { headers: { 'x-forwarded-for': '203.0.113.9' } };
    const trusting = await appWith(adapter, { access: { allow: ['203.0.113.0/24'], trustProxy: 'loopback' } });
    t.after(() => trusting.close());
    assert.equal((await call(trusting, '/z/environment', forwarded)).status, 200);
    assert.equal((await call(trusting, '/z/environment')).status, 403, 'the proxy itself is not on the list');

    const untrusting = await appWith(adapter, { access: { allow: ['203.0.113.0/24'] } });
    t.after(() => untrusting.close());
    assert.equal((await call(untrusting, '/z/environment', forwarded)).status, 403, 'a spoofed header changes nothing');
  });

  it('IPv6 clients are matched against IPv6 ranges', async (t) => {
    const app = await startApp(
      adapter,
      { imports: [ManagementModule.forRoot({ access: { allow: ['::1/128'] }, environment: { enabled: true } })] },
      { host: '::1' },
    );
    t.after(() => app.close());
    assert.equal((await call(app, '/z/environment')).status, 200);
  });

  it('an invalid allow-list entry stops start-up naming the option', async () => {
    const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ access: { allow: ['10.0.0.0/99'] } })] });
    assert.match(String(error), /access\.allow/);
  });
});
