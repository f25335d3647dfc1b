import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import type { ModuleMetadata, OnApplicationBootstrap } from '@nestjs/common';
import { HealthCheck, HealthRegistry, ManagementConfigurationError, ManagementModule } from '../../src/index.js';
import type { HealthIndicator, ManagementModuleOptions } from '../../src/index.js';
import { bootstrapError, onEachAdapter } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';
import { call, healthCheckProvider, started, withoutTiming } from '../support/health-fixtures.js';

const GROUPS = ['liveness', 'readiness', 'startup'];

/**
 * The error that stops an application described by `metadata` from starting, whether it is
 * thrown while the module is declared or while Nest bootstraps it.
 */
async function startupFailure(adapter: AdapterName, metadata: () => ModuleMetadata): Promise<ManagementConfigurationError> {
  let error: unknown;
  try {
    error = await bootstrapError(adapter, metadata());
  } catch (thrown) {
    error = thrown;
  }
  assert.ok(error instanceof ManagementConfigurationError, `expected a ManagementConfigurationError, got ${String(error)}`);
  return error;
}

// A feature module two levels below the root, with a check that uses a provider of its own.
@Injectable()
class ConnectionPool {
  query(): { rows: number } {
    return { rows: 1 };
  }
}

@HealthCheck('orders-db', { groups: ['readiness', 'orders'] })
@Injectable()
class OrdersDatabaseHealth implements HealthIndicator {
  constructor(private readonly pool: ConnectionPool) {}
  check() {
    return { details: this.pool.query() };
  }
}

@Module({ providers: [ConnectionPool, OrdersDatabaseHealth] })
class OrdersPersistenceModule {}

@Module({ imports: [OrdersPersistenceModule] })
class OrdersModule {}

// Providers that must stop start-up.
@HealthCheck('db')
@Injectable()
class PrimaryDatabaseHealth implements HealthIndicator {
  check() {
    return true;
  }
}

@HealthCheck('db')
@Injectable()
class ReplicaDatabaseHealth implements HealthIndicator {
  check() {
    return true;
  }
}

@HealthCheck('session')
@Injectable({ scope: Scope.REQUEST })
class SessionHealth implements HealthIndicator {
  check() {
    return true;
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestContext {}

@HealthCheck('tenant')
@Injectable()
class TenantHealth implements HealthIndicator {
  constructor(readonly context: RequestContext) {}
  check() {
    return true;
  }
}

@HealthCheck('forgetful')
@Injectable()
class ForgetfulHealth {
  verify() {
    return true;
  }
}

// forRootAsync with a configuration provider from another module.
@Injectable()
class ManagementSettings {
  readonly version = '3.1.4-from-config';
  readonly showDetails = 'always' as const;
}

@Module({ providers: [ManagementSettings], exports: [ManagementSettings] })
class SettingsModule {}

onEachAdapter('discovery and configuration', (adapter) => {
  describe('finding checks', () => {
    it('finds a decorated provider in a nested feature module, with its own dependencies injected', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' }), OrdersModule],
      });
      const all = (await call(app, '/z/health')).body as { status: string; components: Record<string, unknown>; groups: unknown };
      assert.equal(all.status, 'UP');
      assert.deepEqual(Object.keys(all.components), ['orders-db']);
      assert.deepEqual(withoutTiming(all.components['orders-db']), { status: 'UP', details: { rows: 1 } });
      assert.deepEqual(all.groups, [...GROUPS, 'orders']);
      assert.equal((await call(app, '/z/health/orders')).status, 200);
      assert.equal((await call(app, '/z/health/orders-db')).status, 200);
    });

    it('registers checks given in the checks option, with their groups and criticality', async (t) => {
      const app = await started(t, adapter, {
        imports: [
          ManagementModule.forRoot({
            checks: [
              { name: 'license', check: () => true, groups: ['liveness'] },
              { name: 'search', check: () => false, critical: false },
            ],
          }),
        ],
      });
      assert.deepEqual((await call(app, '/z/health')).body, {
        status: 'UP',
        components: { license: { status: 'UP' }, search: { status: 'DOWN' } },
        groups: GROUPS,
      });
      assert.equal((await call(app, '/z/health/liveness')).status, 200);
      assert.equal((await call(app, '/z/health/search')).status, 503);
    });
  });

  describe('providers that stop start-up', () => {
    it('two checks with the same name stop start-up with an error naming both', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRoot()],
        providers: [PrimaryDatabaseHealth, ReplicaDatabaseHealth],
      }));
      assert.match(error.message, /Two health checks are named 'db'/);
      assert.match(error.message, /PrimaryDatabaseHealth/);
      assert.match(error.message, /ReplicaDatabaseHealth/);
    });

    it('a decorated check that clashes with one from the checks option stops start-up', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRoot({ checks: [{ name: 'db', check: () => true }] })],
        providers: [PrimaryDatabaseHealth],
      }));
      assert.match(error.message, /Two health checks are named 'db'/);
      assert.match(error.message, /PrimaryDatabaseHealth/);
    });

    it('a request-scoped decorated provider stops start-up with an error naming it', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRoot()],
        providers: [SessionHealth],
      }));
      assert.match(error.message, /Health check 'session' is on SessionHealth/);
      assert.match(error.message, /request- or transient-scoped/);
    });

    it('a decorated provider that depends on a request-scoped provider stops start-up', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRoot()],
        providers: [RequestContext, TenantHealth],
      }));
      assert.match(error.message, /Health check 'tenant' is on TenantHealth/);
    });

    it('a decorated class without check() stops start-up with an error naming it', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRoot()],
        providers: [ForgetfulHealth],
      }));
      assert.match(error.message, /Health check 'forgetful' on ForgetfulHealth .*has no check\(\) method/);
    });

    const badChecks: Array<[string, () => ModuleMetadata['providers'], RegExp]> = [
      ['a check with a zero timeout', () => [healthCheckProvider('db', () => true, { timeout: 0 })], /Health check 'db': 'timeout'/],
      ['a check with a negative ttl', () => [healthCheckProvider('db', () => true, { ttl: { down: -1 } })], /Health check 'db': 'ttl'.down/],
      ['a check named like a built-in group', () => [healthCheckProvider('liveness', () => true)], /'liveness' is reserved/],
      ['a check whose name has a space', () => [healthCheckProvider('my db', () => true)], /got 'my db'/],
      ['a check name longer than 100 characters', () => [healthCheckProvider('d'.repeat(101), () => true)], /1 to 100 characters/],
      [
        'a check whose groups are not an array',
        () => [healthCheckProvider('db', () => true, { groups: 'readiness' as unknown as string[] })],
        /Health check 'db': 'groups'/,
      ],
      [
        'a check that joins a group named like another check',
        () => [healthCheckProvider('orders', () => true), healthCheckProvider('db', () => true, { groups: ['orders'] })],
        /Health check 'db' puts itself in group 'orders', but a check is already named 'orders'/,
      ],
      [
        'a check named like an existing group',
        () => [healthCheckProvider('db', () => true, { groups: ['orders'] }), healthCheckProvider('orders', () => true)],
        /Health check name 'orders' is already used as a group name/,
      ],
      [
        'a check that joins a group named like itself',
        () => [healthCheckProvider('orders', () => true, { groups: ['orders'] })],
        /'orders'/,
      ],
      [
        'a check whose critical is not a boolean',
        () => [healthCheckProvider('db', () => true, { critical: 'yes' as unknown as boolean })],
        /Health check 'db': 'critical' must be true or false, got 'yes'/,
      ],
    ];
    for (const [title, providers, message] of badChecks) {
      it(`${title} stops start-up with an error naming it`, async () => {
        const error = await startupFailure(adapter, () => ({ imports: [ManagementModule.forRoot()], providers: providers() }));
        assert.match(error.message, message);
      });
    }
  });

  describe('options validated at start-up', () => {
    const badOptions: Array<[string, () => ManagementModuleOptions, RegExp]> = [
      ['a negative timeout', () => ({ timeout: -1 }), /ManagementModule option 'timeout' must be a whole number .*got -1/],
      ['a fractional timeout', () => ({ timeout: 1.5 }), /'timeout'.*got 1\.5/],
      ['a basePath without a leading slash', () => ({ basePath: 'z' }), /ManagementModule option 'basePath'.*got 'z'/],
      ['a basePath with a space', () => ({ basePath: '/my path' }), /'basePath'.*got '\/my path'/],
      [
        'an unknown showDetails',
        () => ({ showDetails: 'sometimes' as never }),
        /ManagementModule option 'showDetails' must be 'never', 'when-authorized' or 'always', got 'sometimes'/,
      ],
      ['an unknown key', () => ({ basepath: '/z' }) as ManagementModuleOptions, /ManagementModule option 'basepath' is not known/],
      ['a ttl that is not a number', () => ({ ttl: 'long' as never }), /ManagementModule option 'ttl' must be milliseconds/],
      ['a negative ttl.up', () => ({ ttl: { up: -1 } }), /ManagementModule option 'ttl'.up/],
      ['an authorizer that is not a function', () => ({ authorizer: true as never }), /ManagementModule option 'authorizer' must be a function/],
      ['a version that is a number', () => ({ version: 42 as never }), /ManagementModule option 'version'.*got 42/],
      ['checks that are not an array', () => ({ checks: {} as never }), /ManagementModule option 'checks' must be an array/],
      [
        'a check in the checks option without a check function',
        () => ({ checks: [{ name: 'db' } as never] }),
        /Health check 'db' .*has no check\(\) method/,
      ],
    ];
    for (const [title, options, message] of badOptions) {
      it(`${title} stops start-up with an error naming the key`, async () => {
        const error = await startupFailure(adapter, () => ({ imports: [ManagementModule.forRoot(options())] }));
        assert.match(error.message, message);
      });
    }

    it('a bad option returned by the forRootAsync factory stops start-up with an error naming the key', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRootAsync({ useFactory: () => ({ showDetails: 'sometimes' as never }) })],
      }));
      assert.match(error.message, /'showDetails'/);
    });

    it('a basePath returned by the forRootAsync factory stops start-up and says where to put it', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRootAsync({ useFactory: () => ({ basePath: '/ops' }) })],
      }));
      assert.match(error.message, /ManagementModule option 'basePath' came from the forRootAsync\(\) factory.*forRootAsync\(\{ basePath: .*useFactory/);
    });
  });

  describe('forRootAsync', () => {
    it('builds the options from a provider injected from imports', async (t) => {
      const app = await started(t, adapter, {
        imports: [
          ManagementModule.forRootAsync({
            imports: [SettingsModule],
            inject: [ManagementSettings],
            useFactory: (settings: ManagementSettings) => ({ version: settings.version, showDetails: settings.showDetails }),
          }),
        ],
        providers: [healthCheckProvider('db', () => false)],
      });
      const version = await call(app, '/z/version');
      assert.equal(version.text, '3.1.4-from-config');
      const db = await call(app, '/z/health/db');
      assert.equal(db.status, 503);
      assert.deepEqual(withoutTiming(db.body), { status: 'DOWN', details: { error: 'check returned false' } }, 'showDetails came from the factory');
    });

    it('accepts an async factory and a basePath given beside it', async (t) => {
      const app = await started(t, adapter, {
        imports: [
          ManagementModule.forRootAsync({
            basePath: '/ops',
            useFactory: async () => ({ version: 'async-1' }),
          }),
        ],
      });
      assert.equal((await call(app, '/ops/version')).text, 'async-1');
      assert.deepEqual((await call(app, '/ops/health/readiness')).body, { status: 'UP' });
      assert.equal((await call(app, '/z/health')).status, 404);
    });

    it('an invalid basePath beside useFactory stops start-up with an error naming it', async () => {
      const error = await startupFailure(adapter, () => ({
        imports: [ManagementModule.forRootAsync({ basePath: 'ops', useFactory: () => ({}) })],
      }));
      assert.match(error.message, /'basePath'.*got 'ops'/);
    });
  });

  describe('registry at run time', () => {
    it('a check registered at run time is shown in /health, and gone once removed', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [healthCheckProvider('db', () => true)],
      });
      const registry = app.app.get(HealthRegistry);
      registry.register({ name: 'feature-flags', check: () => false, groups: ['readiness', 'flags'] });
      assert.deepEqual((await call(app, '/z/health')).body, {
        status: 'DOWN',
        components: { db: { status: 'UP' }, 'feature-flags': { status: 'DOWN' } },
        groups: [...GROUPS, 'flags'],
      });
      assert.equal((await call(app, '/z/health/readiness')).status, 503);
      assert.equal((await call(app, '/z/health/feature-flags')).status, 503);
      assert.deepEqual((await call(app, '/z/health/flags')).body, {
        status: 'DOWN',
        components: { 'feature-flags': { status: 'DOWN' } },
      });

      assert.equal(registry.remove('feature-flags'), true);
      assert.deepEqual((await call(app, '/z/health')).body, {
        status: 'UP',
        components: { db: { status: 'UP' } },
        groups: GROUPS,
      });
      assert.equal((await call(app, '/z/health/readiness')).status, 200);
      assert.equal((await call(app, '/z/health/feature-flags')).status, 404);
      assert.equal((await call(app, '/z/health/flags')).status, 404);
      assert.equal(registry.remove('feature-flags'), false, 'removing twice finds nothing');
    });

    it('a decorated check can be removed and another registered under its name, which runs afresh', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [healthCheckProvider('db', () => true)],
      });
      assert.equal((await call(app, '/z/health/db')).status, 200, 'the UP result is now cached');
      const registry = app.app.get(HealthRegistry);
      assert.equal(registry.remove('db'), true);
      registry.register({ name: 'db', check: () => false });
      assert.equal((await call(app, '/z/health/db')).status, 503);
    });

    it('registering a name already taken at run time throws a ManagementConfigurationError', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [healthCheckProvider('db', () => true)],
      });
      const registry = app.app.get(HealthRegistry);
      assert.throws(
        () => registry.register({ name: 'db', check: () => false }),
        (error: unknown) => error instanceof ManagementConfigurationError && /Two health checks are named 'db'/.test(error.message),
      );
      assert.deepEqual((await call(app, '/z/health/db')).body, { status: 'UP' }, 'the first check stays');
    });

    it('a provider of a feature module can inject the registry and register a check at bootstrap', async (t) => {
      @Injectable()
      class CacheWarmer implements OnApplicationBootstrap {
        constructor(@Inject(HealthRegistry) private readonly registry: HealthRegistry) {}
        onApplicationBootstrap() {
          this.registry.register({ name: 'cache-warm', check: () => ({ status: 'OUT_OF_SERVICE' }) });
        }
      }
      @Module({ providers: [CacheWarmer] })
      class CacheModule {}
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot(), CacheModule] });
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.body, { status: 'OUT_OF_SERVICE' });
    });
  });
});
