import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationAvailability, ManagementModule } from '../../src/index.js';
import { call, countingCheck, healthCheckProvider, started, withoutTiming } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const BUILT_IN_GROUPS = ['liveness', 'readiness', 'startup'];

const upDb = () => healthCheckProvider('db', () => ({ details: { rows: 1 } }));
const refusedQueue = () =>
  healthCheckProvider('queue', () => {
    throw new Error('connection refused');
  });

onEachAdapter('health endpoints', (adapter) => {
  describe('shapes and status codes', () => {
    it('GET /health lists every check with its status and answers 200 when all are UP', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb()] });
      const answer = await call(app, '/z/health');
      assert.equal(answer.status, 200);
      assert.equal(answer.contentType, JSON_TYPE);
      assert.equal(answer.cacheControl, 'no-store');
      assert.deepEqual(answer.body, { status: 'UP', components: { db: { status: 'UP' } }, groups: BUILT_IN_GROUPS });
    });

    it('GET /health with no checks at all is UP', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()] });
      const answer = await call(app, '/z/health');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP', components: {}, groups: BUILT_IN_GROUPS });
    });

    it('a failing check makes /health 503 and shows it DOWN without saying why', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [upDb(), refusedQueue()],
      });
      const answer = await call(app, '/z/health');
      assert.equal(answer.status, 503);
      assert.equal(answer.cacheControl, 'no-store');
      assert.deepEqual(answer.body, {
        status: 'DOWN',
        components: { db: { status: 'UP' }, queue: { status: 'DOWN' } },
        groups: BUILT_IN_GROUPS,
      });
      assert.ok(!answer.text.includes('refused'), 'the failure reason stays hidden');
    });

    it('readiness answers a terse status from the readiness checks', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb()] });
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 200);
      assert.equal(answer.contentType, JSON_TYPE);
      assert.deepEqual(answer.body, { status: 'UP' });
    });

    it('readiness is 503 DOWN when a readiness check fails', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [upDb(), refusedQueue()],
      });
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.body, { status: 'DOWN' });
    });

    it('a check without groups joins readiness, and so /health', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [refusedQueue()] });
      assert.deepEqual((await call(app, '/z/health/readiness')).body, { status: 'DOWN' });
      assert.equal((await call(app, '/z/health')).status, 503);
    });

    it('liveness runs no checks by default, so a failing dependency leaves it UP', async (t) => {
      const database = countingCheck('db', () => false);
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [database.provider] });
      const answer = await call(app, '/z/health/liveness');
      assert.equal(answer.status, 200);
      assert.equal(answer.cacheControl, 'no-store');
      assert.deepEqual(answer.body, { status: 'UP' });
      assert.equal(database.executions, 0, 'liveness never called the readiness check');
    });

    it('ping answers exactly what liveness answers', async (t) => {
      const heap = healthCheckProvider('heap', () => false, { groups: ['liveness'] });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [heap] });
      const liveness = await call(app, '/z/health/liveness');
      const ping = await call(app, '/z/health/ping');
      assert.equal(liveness.status, 503);
      assert.deepEqual(liveness.body, { status: 'DOWN' });
      assert.equal(ping.status, liveness.status);
      assert.deepEqual(ping.body, liveness.body);
    });

    it("a check in group 'ping' is a liveness check", async (t) => {
      const loop = healthCheckProvider('event-loop', () => ({ status: 'OUT_OF_SERVICE' }), { groups: ['ping'] });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [loop] });
      assert.deepEqual((await call(app, '/z/health/liveness')).body, { status: 'OUT_OF_SERVICE' });
      assert.deepEqual((await call(app, '/z/health/ping')).body, { status: 'OUT_OF_SERVICE' });
      assert.equal((await call(app, '/z/health/readiness')).status, 200, 'it is not a readiness check');
    });

    it('startup is UP once bootstrap has finished', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always' })] });
      const answer = await call(app, '/z/health/startup');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP', components: { startupState: { status: 'UP' } } });
    });

    it('readiness is OUT_OF_SERVICE while the application refuses traffic, and UP again after', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb()] });
      const availability = app.app.get(ApplicationAvailability);
      availability.refuseTraffic();
      const refusing = await call(app, '/z/health/readiness');
      assert.equal(refusing.status, 503);
      assert.deepEqual(refusing.body, { status: 'OUT_OF_SERVICE' });
      assert.equal((await call(app, '/z/health/liveness')).status, 200, 'liveness does not follow readiness');
      availability.acceptTraffic();
      const accepting = await call(app, '/z/health/readiness');
      assert.equal(accepting.status, 200);
      assert.deepEqual(accepting.body, { status: 'UP' });
    });

    it('readiness shows readinessState beside its checks when details are shown', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [upDb()],
      });
      app.app.get(ApplicationAvailability).refuseTraffic();
      const answer = await call(app, '/z/health/readiness');
      assert.equal(answer.status, 503);
      const body = answer.body as { status: string; components: Record<string, unknown> };
      assert.equal(body.status, 'OUT_OF_SERVICE');
      assert.deepEqual(Object.keys(body.components), ['db', 'readinessState']);
      assert.deepEqual(withoutTiming(body.components.db), { status: 'UP', details: { rows: 1 } });
      assert.deepEqual(body.components.readinessState, {
        status: 'OUT_OF_SERVICE',
        details: { reason: 'the application refuses traffic' },
      });
    });
  });

  describe('one component or group at /health/{name}', () => {
    it('answers one component with its status and code', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot()],
        providers: [upDb(), refusedQueue()],
      });
      const db = await call(app, '/z/health/db');
      assert.equal(db.status, 200);
      assert.equal(db.contentType, JSON_TYPE);
      assert.deepEqual(db.body, { status: 'UP' });
      const queue = await call(app, '/z/health/queue');
      assert.equal(queue.status, 503);
      assert.deepEqual(queue.body, { status: 'DOWN' });
    });

    it('answers a custom group with the status of each of its components', async (t) => {
      const s3 = healthCheckProvider('s3', () => true, { groups: ['external'] });
      const smtp = healthCheckProvider('smtp', () => false, { groups: ['external'] });
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb(), s3, smtp] });
      const external = await call(app, '/z/health/external');
      assert.equal(external.status, 503);
      assert.deepEqual(external.body, { status: 'DOWN', components: { s3: { status: 'UP' }, smtp: { status: 'DOWN' } } });
      assert.deepEqual((await call(app, '/z/health/readiness')).body, { status: 'UP' }, 'custom-group checks stay out of readiness');
      const all = await call(app, '/z/health');
      assert.deepEqual(all.body, {
        status: 'DOWN',
        components: { db: { status: 'UP' }, s3: { status: 'UP' }, smtp: { status: 'DOWN' } },
        groups: [...BUILT_IN_GROUPS, 'external'],
      });
    });

    it('an unknown name is 404 with a message naming it', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb()] });
      const answer = await call(app, '/z/health/nope');
      assert.equal(answer.status, 404);
      assert.equal(answer.contentType, JSON_TYPE);
      assert.equal(answer.cacheControl, 'no-store');
      assert.deepEqual(answer.body, {
        statusCode: 404,
        error: 'Not Found',
        message: "No health component or group is named 'nope'.",
      });
    });

    it('a name longer than 100 characters is refused with 414 and a message giving the limit', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [upDb()] });
      const answer = await call(app, `/z/health/${'a'.repeat(101)}`);
      assert.equal(answer.status, 414);
      // Fastify's router refuses a parameter over its maxParamLength (100) itself, with its own body,
      // before any route runs; the status is the same on both adapters.
      if (adapter === 'fastify') return;
      assert.equal(answer.contentType, JSON_TYPE);
      assert.deepEqual(answer.body, {
        statusCode: 414,
        error: 'URI Too Long',
        message: 'A health component or group name is at most 100 characters.',
      });
    });

    it('a check whose name is the longest allowed (100 characters) is served at /health/{name}', async (t) => {
      const name = 'n'.repeat(100);
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ checks: [{ name, check: () => true }] })],
      });
      const answer = await call(app, `/z/health/${name}`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP' });
    });
  });

  describe('HEAD and caching headers', () => {
    it('HEAD answers wherever GET does, with the same code, no body and no-store', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ version: '1.2.3' })],
        providers: [upDb(), refusedQueue(), healthCheckProvider('s3', () => true, { groups: ['external'] })],
      });
      const expected: Record<string, number> = {
        '/z/health': 503,
        '/z/health/liveness': 200,
        '/z/health/ping': 200,
        '/z/health/readiness': 503,
        '/z/health/startup': 200,
        '/z/health/db': 200,
        '/z/health/queue': 503,
        '/z/health/external': 200,
        '/z/health/nope': 404,
        '/z/version': 200,
      };
      for (const [path, status] of Object.entries(expected)) {
        const get = await call(app, path);
        const head = await call(app, path, { method: 'HEAD' });
        assert.equal(get.status, status, `GET ${path}`);
        assert.equal(head.status, status, `HEAD ${path}`);
        assert.equal(head.text, '', `HEAD ${path} has no body`);
        assert.equal(head.cacheControl, 'no-store', `HEAD ${path} is not cached`);
      }
    });

    it('every management response says Cache-Control: no-store, success or failure', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [upDb(), refusedQueue()],
      });
      const paths = [
        '/z/health',
        '/z/health/liveness',
        '/z/health/ping',
        '/z/health/readiness',
        '/z/health/startup',
        '/z/health/db',
        '/z/health/queue',
        '/z/health/missing',
        ...(adapter === 'express' ? [`/z/health/${'x'.repeat(101)}`] : []),
        '/z/version',
      ];
      for (const path of paths) {
        const answer = await call(app, path);
        assert.equal(answer.cacheControl, 'no-store', `${path} answered ${answer.status} without no-store`);
      }
    });
  });

  describe('base path', () => {
    it('serves every endpoint under a custom basePath and nothing under /z', async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ basePath: '/management', version: '2.0.0' })],
        providers: [upDb()],
      });
      assert.deepEqual((await call(app, '/management/health')).body, {
        status: 'UP',
        components: { db: { status: 'UP' } },
        groups: BUILT_IN_GROUPS,
      });
      assert.deepEqual((await call(app, '/management/health/liveness')).body, { status: 'UP' });
      assert.deepEqual((await call(app, '/management/health/ping')).body, { status: 'UP' });
      assert.deepEqual((await call(app, '/management/health/readiness')).body, { status: 'UP' });
      assert.deepEqual((await call(app, '/management/health/startup')).body, { status: 'UP' });
      assert.deepEqual((await call(app, '/management/health/db')).body, { status: 'UP' });
      assert.equal((await call(app, '/management/version')).text, '2.0.0');
      assert.equal((await call(app, '/z/health')).status, 404);
      assert.equal((await call(app, '/z/version')).status, 404);
    });

    it('a nested basePath with a trailing slash is served without the slash', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ basePath: '/admin/ops/' })] });
      const answer = await call(app, '/admin/ops/health/readiness');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP' });
    });
  });

  describe('who sees details', () => {
    const failingDb = () =>
      healthCheckProvider('db', () => {
        throw new Error('password authentication failed');
      });

    it("showDetails 'always' shows failure reasons, when each result was taken and how long it took", async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [failingDb(), healthCheckProvider('cache', () => ({ details: { hits: 3 } }))],
      });
      const all = await call(app, '/z/health');
      assert.equal(all.status, 503);
      const body = all.body as { status: string; components: Record<string, unknown>; groups: unknown };
      assert.equal(body.status, 'DOWN');
      assert.deepEqual(body.groups, BUILT_IN_GROUPS);
      assert.deepEqual(withoutTiming(body.components.db), {
        status: 'DOWN',
        details: { error: 'password authentication failed' },
      });
      assert.deepEqual(withoutTiming(body.components.cache), { status: 'UP', details: { hits: 3 } });
      const one = await call(app, '/z/health/db');
      assert.equal(one.status, 503);
      assert.deepEqual(withoutTiming(one.body), { status: 'DOWN', details: { error: 'password authentication failed' } });
    });

    it("liveness stays a terse status even with showDetails 'always', and runs no checks by default", async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'always' })],
        providers: [failingDb()],
      });
      const answer = await call(app, '/z/health/liveness');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'UP' });
    });

    it('by default (when-authorized without an authorizer) nobody sees details', async (t) => {
      const app = await started(t, adapter, { imports: [ManagementModule.forRoot()], providers: [failingDb()] });
      const one = await call(app, '/z/health/db', { headers: { authorization: 'Bearer admin' } });
      assert.equal(one.status, 503);
      assert.deepEqual(one.body, { status: 'DOWN' });
      assert.deepEqual((await call(app, '/z/health/readiness')).body, { status: 'DOWN' });
    });

    it("showDetails 'never' hides details even from a request the authorizer accepts", async (t) => {
      const app = await started(t, adapter, {
        imports: [ManagementModule.forRoot({ showDetails: 'never', authorizer: () => true })],
        providers: [failingDb()],
      });
      assert.deepEqual((await call(app, '/z/health/db')).body, { status: 'DOWN' });
      assert.deepEqual((await call(app, '/z/health')).body, {
        status: 'DOWN',
        components: { db: { status: 'DOWN' } },
        groups: BUILT_IN_GROUPS,
      });
    });

    const authorizers = {
      'a synchronous authorizer': (request: unknown) => headerOf(request, 'x-admin') === 'yes',
      'an asynchronous authorizer': async (request: unknown) => {
        await Promise.resolve();
        return headerOf(request, 'x-admin') === 'yes';
      },
    };
    for (const [label, authorizer] of Object.entries(authorizers)) {
      it(`${label} shows details to the requests it accepts and only to them`, async (t) => {
        const app = await started(t, adapter, {
          imports: [ManagementModule.forRoot({ authorizer })],
          providers: [failingDb()],
        });
        const admin = { headers: { 'x-admin': 'yes' } };
        const accepted = await call(app, '/z/health/db', admin);
        assert.equal(accepted.status, 503);
        assert.deepEqual(withoutTiming(accepted.body), { status: 'DOWN', details: { error: 'password authentication failed' } });
        const readiness = (await call(app, '/z/health/readiness', admin)).body as { components: Record<string, unknown> };
        assert.deepEqual(withoutTiming(readiness.components.db), {
          status: 'DOWN',
          details: { error: 'password authentication failed' },
        });
        const refused = await call(app, '/z/health/db', { headers: { 'x-admin': 'no' } });
        assert.equal(refused.status, 503);
        assert.deepEqual(refused.body, { status: 'DOWN' });
        assert.deepEqual((await call(app, '/z/health/readiness')).body, { status: 'DOWN' });
      });
    }

    const failingAuthorizers = {
      'an authorizer that throws': () => {
        throw new Error('token service down');
      },
      'an authorizer that rejects': () => Promise.reject(new Error('token service down')),
      'an authorizer that never settles': () => new Promise<boolean>(() => undefined),
      'an authorizer that answers something other than true': () => 'yes' as unknown as boolean,
    };
    for (const [label, authorizer] of Object.entries(failingAuthorizers)) {
      it(`${label} counts as no: statuses still answer, details stay hidden`, async (t) => {
        const app = await started(t, adapter, {
          imports: [ManagementModule.forRoot({ authorizer, timeout: 50 })],
          providers: [failingDb(), healthCheckProvider('cache', () => true)],
        });
        const one = await call(app, '/z/health/db');
        assert.equal(one.status, 503);
        assert.deepEqual(one.body, { status: 'DOWN' });
        const all = await call(app, '/z/health');
        assert.equal(all.status, 503);
        assert.deepEqual(all.body, {
          status: 'DOWN',
          components: { db: { status: 'DOWN' }, cache: { status: 'UP' } },
          groups: BUILT_IN_GROUPS,
        });
      });
    }
  });
});

function headerOf(request: unknown, name: string): string | undefined {
  const headers = (request as { headers?: Record<string, string | string[] | undefined> }).headers ?? {};
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
