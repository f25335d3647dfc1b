import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { closedPort, json, suitePeers } from '../support/peer-server.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

type HealthBody = { status: string; components: Record<string, { status: string; details?: Record<string, unknown> }> };

/** A listening app on `port` whose /health shows details, with these dependencies and one local check. */
function serviceOn(adapter: AdapterName, port: number, serviceDependencies: ManagementModuleOptions['serviceDependencies']) {
  return startApp(
    adapter,
    {
      imports: [
        ManagementModule.forRoot({
          serviceDependencies,
          // Long enough that a call waiting on its own caller would show as a timeout, not an answer.
          timeout: 5_000,
          ttl: 0,
          showDetails: 'always',
          checks: [{ name: 'db', check: () => ({ details: { local: true } }) }],
        }),
      ],
    },
    { port },
  );
}

onEachAdapter('service dependencies in the fleet', (adapter) => {
  const peer = suitePeers();

  it('by default a dependency is part of /health only: a DOWN dependency leaves readiness 200 and is never called for it', async (t) => {
    const remote = await peer(json(503, { status: 'DOWN' }));
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies: { users_api: remote.url }, ttl: 0 })] });
    t.after(() => app.close());

    const readiness = await app.request('/z/health/readiness');
    assert.equal(readiness.status, 200);
    assert.deepEqual(await readiness.json(), { status: 'UP' });
    assert.deepEqual(remote.requests, [], 'readiness does not call a dependency that is not in it');

    const health = await app.request('/z/health');
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as HealthBody).components.users_api!.status, 'DOWN');
    assert.equal((await app.request('/z/health/users_api')).status, 503);
  });

  it("a dependency opted into readiness with groups: ['readiness'] fails readiness", async (t) => {
    const remote = await peer(json(503, { status: 'DOWN' }));
    const serviceDependencies = { users_api: { url: remote.url, groups: ['readiness'] } };
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies, ttl: 0 })] });
    t.after(() => app.close());
    assert.equal((await app.request('/z/health/readiness')).status, 503);
    assert.deepEqual(remote.requests, ['/readiness']);
  });

  it('every dependency call is marked with the management-dependency-check header', async (t) => {
    const headers: Record<string, unknown>[] = [];
    const remote = await peer((request, response) => {
      headers.push(request.headers);
      json(200, { status: 'UP' })(request, response);
    });
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies: { users_api: remote.url }, ttl: 0 })] });
    t.after(() => app.close());
    assert.equal((await app.request('/z/health')).status, 200);
    assert.equal(headers.length, 1);
    assert.equal(headers[0]!['management-dependency-check'], '1');
  });

  it('two services that list each other both answer /health 200 at once, each showing the other without cascading', async (t) => {
    const [portA, portB] = [await closedPort(), await closedPort()];
    const a = await serviceOn(adapter, portA, { service_b: `127.0.0.1:${portB}` });
    t.after(() => a.close());
    const b = await serviceOn(adapter, portB, { service_a: `127.0.0.1:${portA}` });
    t.after(() => b.close());

    const [fromA, fromB] = await Promise.all([a.request('/z/health'), b.request('/z/health')]);
    assert.equal(fromA.status, 200);
    assert.equal(fromB.status, 200);
    const bodyA = (await fromA.json()) as HealthBody;
    const bodyB = (await fromB.json()) as HealthBody;
    // B answered A's call from its local checks only: no service_a inside, so nothing waited on A.
    assert.deepEqual(Object.keys(bodyA.components.service_b!.details!.components as object), ['db']);
    assert.deepEqual(Object.keys(bodyB.components.service_a!.details!.components as object), ['db']);
  });

  it("a chain A -> B -> C stays one level deep: A's /health calls B, and B does not call C", async (t) => {
    const c = await peer(json(200, { status: 'UP' }));
    const b = await serviceOn(adapter, 0, { service_c: c.url });
    t.after(() => b.close());
    const a = await serviceOn(adapter, 0, { service_b: b.baseUrl.replace('http://', '') });
    t.after(() => a.close());

    const health = await a.request('/z/health');
    assert.equal(health.status, 200);
    assert.deepEqual(c.requests, [], 'C is not called on behalf of A');
    // B's own /health, asked directly, still checks C.
    assert.equal((await b.request('/z/health')).status, 200);
    assert.deepEqual(c.requests, ['/']);
  });

  it('a marked request to readiness leaves out dependencies opted into it', async (t) => {
    const remote = await peer(json(503, { status: 'DOWN' }));
    const serviceDependencies = { users_api: { url: remote.url, groups: ['readiness'] } };
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies, ttl: 0 })] });
    t.after(() => app.close());
    const marked = await app.request('/z/health/readiness', { headers: { 'management-dependency-check': '1' } });
    assert.equal(marked.status, 200);
    assert.equal((await app.request('/z/health/readiness')).status, 503);
    assert.deepEqual(remote.requests, ['/readiness']);
  });

  it('on the probe worker, a marked readiness request is answered from local checks too (the worker hands it to the main thread)', async (t) => {
    const remote = await peer(json(503, { status: 'DOWN' }));
    const serviceDependencies = { users_api: { url: remote.url, groups: ['readiness'] } };
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies, ttl: 0, port: 0, address: '127.0.0.1' })] });
    t.after(() => app.close());
    const server = app.app.get(ManagementServer);
    assert.equal(server.usesWorker, true);
    // First an unmarked probe, so the worker holds a published readiness answer (503) it could reuse.
    assert.equal((await fetch(`${server.url}/z/health/readiness`)).status, 503);
    const marked = await fetch(`${server.url}/z/health/readiness`, { headers: { 'management-dependency-check': '1' } });
    assert.equal(marked.status, 200);
  });
});
