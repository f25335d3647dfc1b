import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { call, healthCheckProvider } from '../support/health-fixtures.js';
import { readAnswer } from '../support/read-answer.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

/** The Accept header Spring Boot Admin's instance client sends by default. */
const SBA_ACCEPT =
  'application/vnd.spring-boot.actuator.v3+json, application/vnd.spring-boot.actuator.v2+json, application/vnd.spring-boot.actuator.v1+json, application/json';
const V3_TYPE = 'application/vnd.spring-boot.actuator.v3+json; charset=utf-8';

type Links = { _links: Record<string, { href: string; templated: boolean }> };

/** What Spring Boot Admin takes from an index: every non-templated link but self, by id. */
function discovered(links: Links): Record<string, string> {
  return Object.fromEntries(
    Object.entries(links._links)
      .filter(([name, link]) => name !== 'self' && !link.templated)
      .map(([name, link]) => [name, link.href]),
  );
}

onEachAdapter('the discovery page (HAL links)', (adapter) => {
  it('the base path lists every enabled endpoint with absolute links that answer, as Spring Boot Admin reads it', async (t) => {
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ version: '1.0.0', history: { enabled: true }, environment: { enabled: true }, prometheus: { enabled: true, registry: new Registry() }, loggers: { enabled: true }, showDetails: 'always' })],
      providers: [healthCheckProvider('db', () => true)],
    });
    t.after(() => app.close());
    const answer = await call(app, '/z', { headers: { Accept: SBA_ACCEPT } });
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, V3_TYPE, 'Spring Boot Admin only reads an index with an actuator media type');
    assert.equal(answer.cacheControl, 'no-store');
    const links = answer.body as Links;
    assert.deepEqual(links._links.self, { href: `${app.baseUrl}/z`, templated: false });
    assert.deepEqual(links._links['health-path'], { href: `${app.baseUrl}/z/health/{*path}`, templated: true });
    const endpoints = discovered(links);
    assert.deepEqual(Object.keys(endpoints), ['health', 'info', 'version', 'history', 'environment', 'prometheus', 'loggers']);
    assert.deepEqual(links._links['loggers-name'], { href: `${app.baseUrl}/z/loggers/{name}`, templated: true });
    for (const [name, href] of Object.entries(endpoints)) {
      assert.equal((await readAnswer(href, { headers: { Accept: SBA_ACCEPT } })).status, 200, `${name} answers at ${href}`);
    }
    assert.equal((await readAnswer(`${app.baseUrl}/z/health`, { headers: { Accept: SBA_ACCEPT } })).contentType, V3_TYPE);
    assert.equal((await readAnswer(`${app.baseUrl}/z/info`, { headers: { Accept: SBA_ACCEPT } })).contentType, V3_TYPE);
  });

  it('lists only what is enabled, and answers plain JSON to a client that does not ask for the actuator type', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ basePath: '/manage' })] });
    t.after(() => app.close());
    const answer = await call(app, '/manage');
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, 'application/json; charset=utf-8');
    assert.deepEqual(Object.keys((answer.body as Links)._links), ['self', 'health', 'health-path', 'info', 'version']);
    assert.equal((answer.body as Links)._links.health!.href, `${app.baseUrl}/manage/health`);
  });

  it('on the management port the links point at the management port', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] });
    t.after(() => app.close());
    const url = app.app.get(ManagementServer).url!;
    const answer = await readAnswer(`${url}/z`, { headers: { Accept: SBA_ACCEPT } });
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, V3_TYPE);
    assert.equal((answer.body as Links)._links.health!.href, `${url}/z/health`);
  });

  it("the IP allow-list with scope 'all' keeps other clients out of it, like every endpoint", async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ access: { allow: ['10.0.0.0/8'], scope: 'all' } })] });
    t.after(() => app.close());
    assert.equal((await call(app, '/z')).status, 403);
  });

  it('under a global prefix the links carry the prefix, so they answer', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()] }, { configure: (nest) => nest.setGlobalPrefix('api') });
    t.after(() => app.close());
    const answer = await call(app, '/api/z');
    assert.equal(answer.status, 200);
    const links = (answer.body as Links)._links;
    assert.equal(links.self!.href, `${app.baseUrl}/api/z`);
    assert.equal((await readAnswer(links.health!.href)).status, 200);
  });
});
