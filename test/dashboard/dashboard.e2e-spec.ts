import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, countingCheck, started, withoutTiming } from '../support/health-fixtures.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

const byToken = (request: unknown) => (request as { headers: Record<string, unknown> }).headers['x-token'] === 'open-sesame';
const AUTHORIZED = { headers: { 'x-token': 'open-sesame' } };
const PATHS = ['/z/dashboard', '/z/dashboard/state', '/z/dashboard/app.js', '/z/dashboard/app.css'];

function failingDb() {
  return countingCheck('db', () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
  });
}

async function dashboardApp(t: Parameters<typeof started>[0], adapter: 'express' | 'fastify', options: ManagementModuleOptions, providers = [failingDb().provider]) {
  return started(t, adapter, { imports: [ManagementModule.forRoot(options)], providers });
}

onEachAdapter('GET /dashboard', (adapter) => {
  it('is off by default: every dashboard path answers 404 naming the option, and the index does not link it', async (t) => {
    const app = await dashboardApp(t, adapter, { showDetails: 'always' });
    for (const path of PATHS) {
      const answer = await call(app, path);
      assert.equal(answer.status, 404, path);
      assert.match((answer.body as { message: string }).message, /'dashboard\.enabled'/);
    }
    const index = (await call(app, '/z')).body as { _links: Record<string, unknown> };
    assert.equal(index._links.dashboard, undefined);
  });

  it('serves the page under a strict Content-Security-Policy, with no inline script, style or handler', async (t) => {
    const app = await dashboardApp(t, adapter, { showDetails: 'always', dashboard: { enabled: true } });
    const page = await app.request('/z/dashboard');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(
      page.headers.get('content-security-policy'),
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const html = await page.text();
    assert.match(html, /<script src="dashboard\/app\.js" defer><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="dashboard\/app\.css">/);
    assert.match(html, /data-state-url="dashboard\/state" data-refresh-interval="2000"/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or handler');
    assert.match(html, /aria-live="polite"/);

    const script = await app.request('/z/dashboard/app.js');
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.doesNotMatch(await script.text(), /innerHTML|insertAdjacentHTML|document\.write|eval\(/, 'data is only ever set as text');
    const style = await app.request('/z/dashboard/app.css');
    assert.equal(style.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await style.text(), /prefers-color-scheme: dark/);
  });

  it('addresses its parts relative to its own URL, so they are found under a global prefix too', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true } })] }, {
      configure: (nest) => nest.setGlobalPrefix('api'),
    });
    t.after(() => app.close());
    const pageUrl = `${app.baseUrl}/api/z/dashboard`;
    const html = await (await fetch(pageUrl)).text();
    const references = [...html.matchAll(/(?:src|href|data-state-url)="([^"]+)"/g)].map((match) => match[1]!).filter((reference) => !reference.startsWith('data:'));
    assert.deepEqual(references, ['dashboard/app.css', 'dashboard/app.js', 'dashboard/state']);
    for (const reference of references) assert.equal((await fetch(new URL(reference, pageUrl))).status, 200, reference);
  });

  it('is for viewers allowed to see details: a 403 page without data, and a 403 for its state', async (t) => {
    const app = await dashboardApp(t, adapter, { authorizer: byToken, dashboard: { enabled: true } });
    await call(app, '/z/health');
    const page = await app.request('/z/dashboard');
    assert.equal(page.status, 403);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.ok(page.headers.get('content-security-policy'));
    const html = await page.text();
    assert.match(html, /Not authorized/);
    assert.doesNotMatch(html, /app\.js|ECONNREFUSED|db/);
    const state = await call(app, '/z/dashboard/state');
    assert.equal(state.status, 403);
    assert.match((state.body as { message: string }).message, /\/dashboard is shown only to authorized requests/);
    assert.equal((await call(app, '/z/dashboard', AUTHORIZED)).status, 200);
    assert.equal((await call(app, '/z/dashboard/state', AUTHORIZED)).status, 200);
  });

  it('every answer, the state and every refusal included, carries the security headers', async (t) => {
    const app = await dashboardApp(t, adapter, { authorizer: byToken, dashboard: { enabled: true } });
    const off = await dashboardApp(t, adapter, { showDetails: 'always', access: { allow: ['10.0.0.0/8'], scope: 'all' }, dashboard: { enabled: true } });
    const answers = [
      [200, await app.request('/z/dashboard/state', AUTHORIZED)],
      [403, await app.request('/z/dashboard/state')],
      [403, await app.request('/z/dashboard')],
      [403, await off.request('/z/dashboard/state')],
    ] as const;
    for (const [status, answer] of answers) {
      assert.equal(answer.status, status);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', answer.url);
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', answer.url);
      assert.match(String(answer.headers.get('content-security-policy')), /default-src 'none'/, answer.url);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
    }
    assert.equal(answers[0][1].headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('keeps out, with 403, an address the allow-list of scope "all" does not admit', async (t) => {
    const app = await dashboardApp(t, adapter, { showDetails: 'always', access: { allow: ['10.0.0.0/8'], scope: 'all' }, dashboard: { enabled: true } });
    for (const path of PATHS) assert.equal((await call(app, path)).status, 403, path);
  });

  it('its state shows every component and group, evaluated as /health evaluates them, with reason and last change', async (t) => {
    const db = failingDb();
    const cache = countingCheck('cache', () => undefined, { groups: ['liveness'] });
    const app = await dashboardApp(t, adapter, { showDetails: 'always', dashboard: { enabled: true } }, [db.provider, cache.provider]);
    const state = (await waitUntil(
      'the history has the change of db',
      async () => (await call(app, '/z/dashboard/state')).body as { components: Record<string, unknown>[] },
      (body) => body.components.some((component) => component.name === 'db' && component.since !== null),
    )) as { components: Record<string, unknown>[]; groups: Record<string, unknown>[]; transitions: Record<string, unknown>[] } & Record<string, unknown>;
    assert.equal(state.status, 'DOWN', 'the state ran the checks nothing else had asked for');
    assert.equal(state.history, true, 'the dashboard turns the history on');
    assert.equal(state.refreshInterval, 2000);
    const dbComponent = state.components.find((component) => component.name === 'db')!;
    const { since, uptime, executions, ...rest } = withoutTiming(dbComponent);
    assert.equal(typeof since, 'string');
    assert.equal((uptime as { share: number }).share, 0, 'DOWN all the time it was seen');
    assert.equal((executions as unknown[]).length, 1);
    assert.deepEqual(rest, { name: 'db', status: 'DOWN', critical: true, groups: ['readiness'], reason: 'connect ECONNREFUSED 10.0.0.5:5432' });
    assert.deepEqual(
      state.groups.map(({ name, status }) => ({ name, status })),
      [
        { name: 'liveness', status: 'UP' },
        { name: 'readiness', status: 'DOWN' },
        { name: 'startup', status: 'UP' },
      ],
    );
    assert.ok(state.transitions.some((change) => change.kind === 'component' && change.name === 'db' && change.to === 'DOWN'));

    const executed = db.executions + cache.executions;
    for (let round = 0; round < 5; round++) for (const path of PATHS) await call(app, path);
    assert.equal(db.executions + cache.executions, executed, 'within the cache time, viewers share the cached results');
  });

  it('is linked from the index when enabled', async (t) => {
    const app = await dashboardApp(t, adapter, { dashboard: { enabled: true } });
    const index = (await call(app, '/z')).body as { _links: Record<string, { href: string }> };
    assert.equal(index._links.dashboard?.href, `${app.baseUrl}/z/dashboard`);
  });

  it('with history.enabled set to false, has no timeline and /health/history stays off', async (t) => {
    const app = await dashboardApp(t, adapter, { showDetails: 'always', dashboard: { enabled: true }, history: { enabled: false } });
    await call(app, '/z/health');
    const state = (await call(app, '/z/dashboard/state')).body as Record<string, unknown>;
    assert.equal(state.history, false);
    assert.deepEqual(state.transitions, []);
    assert.equal((await call(app, '/z/health/history')).status, 404);
  });

  it('bad dashboard options stop start-up naming the key', async () => {
    const tooOften = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ dashboard: { enabled: true, refreshInterval: 100 } })] });
    assert.match(String(tooOften), /'dashboard\.refreshInterval' must be a whole number of milliseconds from 500.*got 100/);
    const unknown = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ dashboard: { enabled: true, theme: 'dark' } as never })] });
    assert.match(String(unknown), /'dashboard\.theme' is not known/);
    const notBoolean = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ dashboard: { enabled: 'yes' } as never })] });
    assert.match(String(notBoolean), /'dashboard\.enabled' must be true or false/);
  });
});
