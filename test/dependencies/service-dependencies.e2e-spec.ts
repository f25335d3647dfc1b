import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { closedPort, json, suitePeers } from '../support/peer-server.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

const UP = { status: 'UP', components: { db: { status: 'UP' } } };

/**
 * Starts an app whose only health checks are `serviceDependencies`, each opted into readiness
 * (these tests read readiness), showing details.
 */
async function appWith(adapter: AdapterName, serviceDependencies: ManagementModuleOptions['serviceDependencies'], timeout = 300) {
  return startApp(adapter, {
    imports: [ManagementModule.forRoot({ serviceDependencies: inReadiness(serviceDependencies!), timeout, ttl: 0, showDetails: 'always' })],
  });
}

function inReadiness(dependencies: NonNullable<ManagementModuleOptions['serviceDependencies']>) {
  return Object.fromEntries(
    Object.entries(dependencies).map(([name, entry]) => [name, { ...(typeof entry === 'string' ? { url: entry } : entry), groups: ['readiness'] }]),
  );
}

async function component(app: TestApp, name: string) {
  const response = await app.request(`/z/health/${name}`);
  return { code: response.status, body: (await response.json()) as { status: string; details?: Record<string, unknown> } };
}

onEachAdapter('service dependencies', (adapter) => {
  const peer = suitePeers();

  it('a base URL is checked at {url} for /health and {url}/readiness for readiness, its body shown as details', async (t) => {
    const remote = await peer(json(200, UP));
    const app = await appWith(adapter, { users_api: `${remote.url}/admin` });
    t.after(() => app.close());

    const health = await app.request('/z/health');
    assert.equal(health.status, 200);
    const body = (await health.json()) as { components: Record<string, { status: string; details: unknown }> };
    assert.equal(body.components.users_api!.status, 'UP');
    assert.deepEqual(body.components.users_api!.details, UP);
    const readiness = await app.request('/z/health/readiness');
    assert.equal(readiness.status, 200);
    assert.deepEqual(remote.requests, ['/admin', '/admin/readiness']);
  });

  it('a bare host:port is taken to run this module: {basePath}/health and {basePath}/health/readiness', async (t) => {
    const second = await startApp(adapter, { imports: [ManagementModule.forRoot()] });
    t.after(() => second.close());
    const host = second.baseUrl.replace('http://', '');
    const app = await appWith(adapter, { second_app: host });
    t.after(() => app.close());

    assert.equal((await app.request('/z/health/readiness')).status, 200);
    const { code, body } = await component(app, 'second_app');
    assert.equal(code, 200);
    assert.equal(body.status, 'UP');
    assert.deepEqual(body.details, { status: 'UP', components: {}, groups: ['liveness', 'readiness', 'startup'] });
  });

  it('a host with a path but no scheme gets http and is checked at {value}/readiness', async (t) => {
    const remote = await peer(json(200, { status: 'UP' }));
    const app = await appWith(adapter, { widget_api: `${remote.host}/manage` });
    t.after(() => app.close());
    assert.equal((await app.request('/z/health/readiness')).status, 200);
    assert.deepEqual(remote.requests, ['/manage/readiness']);
  });

  it('the object form sends headers and honours critical: false', async (t) => {
    let seenHeader: string | undefined;
    const remote = await peer((request, response) => {
      seenHeader = request.headers['x-api-key'] as string | undefined;
      json(503, { status: 'DOWN' })(request, response);
    });
    const app = await appWith(adapter, { optional_api: { url: remote.url, critical: false, headers: { 'X-Api-Key': 'k' } } });
    t.after(() => app.close());
    const readiness = await app.request('/z/health/readiness');
    assert.equal(readiness.status, 200, 'a non-critical dependency does not fail readiness');
    const { body } = await component(app, 'optional_api');
    assert.equal(body.status, 'DOWN');
    assert.equal(seenHeader, 'k');
  });

  const failures: [string, () => Promise<string>, RegExp][] = [
    ['answers 503 DOWN', async () => (await peer(json(503, { status: 'DOWN' }))).url, /HTTP 503 with status DOWN/],
    ['answers 200 with status DOWN', async () => (await peer(json(200, { status: 'DOWN' }))).url, /HTTP 200 with status DOWN/],
    ['answers 200 without a status', async () => (await peer(json(200, { ok: true }))).url, /status missing/],
    [
      'answers 200 with a body that is not JSON',
      async () => (await peer((_request, response) => response.end('<html>hello</html>'))).url,
      /not JSON/,
    ],
    [
      'answers a body larger than the cap',
      async () =>
        (
          await peer((_request, response) => {
            response.writeHead(200, { 'Content-Type': 'application/json' });
            response.end(JSON.stringify({ status: 'UP', padding: 'x'.repeat(2 * 1024 * 1024) }));
          })
        ).url,
      /larger than 262144 bytes/,
    ],
    [
      'redirects in a loop',
      async () =>
        (
          await peer((request, response) => {
            response.writeHead(302, { Location: request.url ?? '/' });
            response.end();
          })
        ).url,
      /more than 5 redirects/,
    ],
    ['refuses the connection', async () => `http://127.0.0.1:${await closedPort()}`, /ECONNREFUSED/],
    ['accepts and never answers', async () => (await peer(() => undefined)).url, /did not finish within 300 ms/],
    [
      'sends headers and then drips the body forever',
      async () =>
        (
          await peer((_request, response) => {
            response.writeHead(200, { 'Content-Type': 'application/json' });
            response.write('{"status":');
          })
        ).url,
      /did not finish within 300 ms/,
    ],
    ['speaks plain HTTP to an https URL (TLS failure)', async () => (await peer(json(200, UP))).url.replace('http:', 'https:'), /request failed/],
  ];

  for (const [behaviour, urlOf, reason] of failures) {
    it(`a dependency that ${behaviour} is DOWN with the reason, and readiness answers 503`, async (t) => {
      const app = await appWith(adapter, { remote: await urlOf() });
      t.after(() => app.close());
      const readiness = await app.request('/z/health/readiness');
      assert.equal(readiness.status, 503);
      const { code, body } = await component(app, 'remote');
      assert.equal(code, 503);
      assert.equal(body.status, 'DOWN');
      assert.match(String(body.details?.error), reason);
    });
  }

  it('concurrent probes share one call to the dependency (single-flight)', async (t) => {
    const remote = await peer((request, response) => setTimeout(() => json(200, { status: 'UP' })(request, response), 50));
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ serviceDependencies: inReadiness({ remote: remote.url }) })] });
    t.after(() => app.close());
    const answers = await Promise.all(Array.from({ length: 200 }, () => app.request('/z/health/readiness')));
    assert.ok(answers.every((answer) => answer.status === 200));
    assert.deepEqual(remote.requests, ['/readiness']);
  });

  it('a password in a dependency URL never shows in the output', async (t) => {
    const app = await appWith(adapter, { secured: `http://admin:hunter2@127.0.0.1:${await closedPort()}/admin` });
    t.after(() => app.close());
    const text = await (await app.request('/z/health')).text();
    assert.doesNotMatch(text, /hunter2/);
    assert.match(text, /admin:\*\*\*\*\*\*@/);
  });
});
