import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { observedPage, sharedBrowser } from '../support/browser.js';
import { countingCheck, healthCheckProvider, started } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

const browser = sharedBrowser();

/** What the test flips: the check's outcome and whether the authorizer still says yes. */
interface Switches {
  failing: boolean;
  tokenValid: boolean;
}

const TOKEN = { 'x-management-token': 'let-me-see' };
/** A reason with markup in it: the page must show it as text. */
const REASON = 'connection refused <img src=x onerror="window.injected=1"><script>window.injected=1</script>';

function byToken(switches: Switches) {
  return (request: unknown) =>
    switches.tokenValid && (request as { headers: Record<string, unknown> }).headers['x-management-token'] === TOKEN['x-management-token'];
}

/** An app whose `db` check runs in the background every 100 ms and fails while `switches.failing`. */
async function dashboardApp(t: Parameters<typeof started>[0], adapter: AdapterName, switches: Switches, extra: ManagementModuleOptions = {}) {
  const db = healthCheckProvider(
    'db',
    () => {
      if (switches.failing) throw new Error(REASON);
    },
    { interval: 100 },
  );
  return started(t, adapter, {
    imports: [ManagementModule.forRoot({ authorizer: byToken(switches), dashboard: { enabled: true, refreshInterval: 500 }, ...extra })],
    providers: [db],
  });
}

const row = (name: string, status?: string) => `#components tr[data-name="${name}"]${status ? `[data-status="${status}"]` : ''}`;

onEachAdapter('the dashboard in Chromium', (adapter) => {
  it('loads with no console error, no CSP violation and no request outside the application', async (t) => {
    const app = await dashboardApp(t, adapter, { failing: false, tokenValid: true });
    const view = await observedPage(browser(), { extraHTTPHeaders: TOKEN });
    t.after(() => view.close());
    const response = await view.page.goto(`${app.baseUrl}/z/dashboard`);
    assert.equal(response?.status(), 200);
    await view.page.locator(row('db', 'UP')).waitFor();
    await view.page.locator('#groups tr[data-name="readiness"][data-status="UP"]').waitFor();
    await view.page.locator('#connection', { hasText: 'Live' }).waitFor();
    assert.match(await view.page.locator('#summary').innerText(), /Overall:\s*✔ UP/, 'the status is written out, not only coloured');
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.violations(), []);
    const origin = new URL(app.baseUrl).origin;
    const outside = view.requests.filter((url) => new URL(url).origin !== origin);
    assert.deepEqual(outside, [], 'every request goes to the application');
    assert.ok(view.requests.some((url) => url.endsWith('/z/dashboard/state')), 'it polls its state');
  });

  it('shows a component DOWN with its reason, as text, soon after its check fails, UP once it recovers, and the change in the timeline', async (t) => {
    const switches = { failing: false, tokenValid: true };
    const app = await dashboardApp(t, adapter, switches);
    const view = await observedPage(browser(), { extraHTTPHeaders: TOKEN });
    t.after(() => view.close());
    await view.page.goto(`${app.baseUrl}/z/dashboard`);
    await view.page.locator(row('db', 'UP')).waitFor();

    switches.failing = true;
    const down = view.page.locator(row('db', 'DOWN'));
    await down.waitFor();
    assert.match(await down.innerText(), /DOWN/, 'the status is written out, not only coloured');
    assert.ok((await down.locator('td.reason').innerText()).includes(REASON), 'the reason is shown as it is, markup as text');
    assert.equal(await view.page.locator('#components img, #components script').count(), 0, 'no markup from the reason became elements');
    assert.equal(await view.page.evaluate('window.injected'), undefined);
    await view.page.locator('#summary', { hasText: 'DOWN' }).waitFor();
    await view.page.locator('#timeline li[data-name="db"]', { hasText: 'DOWN' }).waitFor();

    switches.failing = false;
    await view.page.locator(row('db', 'UP')).waitFor();
    await view.page.locator('#summary', { hasText: 'UP' }).waitFor();
    const timeline = await view.page.locator('#timeline li[data-name="db"]').allInnerTexts();
    assert.match(timeline[0]!, /DOWN\s*→\s*✔ UP/, 'newest first: back UP');
    assert.ok(timeline.some((entry) => /UP\s*→\s*✖ DOWN/.test(entry)), 'and the failure before it');
    assert.deepEqual(view.errors, []);
  });

  it('refuses an unauthorized viewer: 403, and no data on the page', async (t) => {
    const app = await dashboardApp(t, adapter, { failing: true, tokenValid: true });
    await app.request('/z/health');
    const view = await observedPage(browser());
    t.after(() => view.close());
    const response = await view.page.goto(`${app.baseUrl}/z/dashboard`);
    assert.equal(response?.status(), 403);
    assert.match(await view.page.locator('h1').innerText(), /Not authorized/);
    assert.equal(await view.page.locator('#components').count(), 0);
    assert.ok(!(await view.page.content()).includes('connection refused'), 'no reason on the page');
    assert.ok(!view.requests.some((url) => url.endsWith('/state')), 'the page never asks for the state');
    const state = await app.request('/z/dashboard/state');
    assert.equal(state.status, 403);
    assert.ok(!(await state.text()).includes('db'));
  });

  it('says so when polling fails (credentials expired, application gone) and keeps trying', async (t) => {
    const switches = { failing: false, tokenValid: true };
    const app = await dashboardApp(t, adapter, switches);
    const view = await observedPage(browser(), { extraHTTPHeaders: TOKEN });
    t.after(() => view.close());
    await view.page.goto(`${app.baseUrl}/z/dashboard`);
    await view.page.locator('#connection', { hasText: 'Live' }).waitFor();

    switches.tokenValid = false;
    await view.page.locator('#connection', { hasText: 'Not authorized (HTTP 403)' }).waitFor();
    assert.match(await view.page.locator('#connection').innerText(), /Retrying every 0\.5 s/);
    assert.equal(await view.page.locator(row('db', 'UP')).count(), 1, 'the last figures stay, marked stale');
    switches.tokenValid = true;
    await view.page.locator('#connection', { hasText: 'Live' }).waitFor();

    await app.close();
    await view.page.locator('#connection', { hasText: 'Cannot reach the application' }).waitFor();
  });

  it('is keyboard reachable with a visible focus, and readable in the dark scheme', async (t) => {
    const app = await dashboardApp(t, adapter, { failing: false, tokenValid: true });
    const light = await observedPage(browser(), { extraHTTPHeaders: TOKEN, colorScheme: 'light' });
    const dark = await observedPage(browser(), { extraHTTPHeaders: TOKEN, colorScheme: 'dark' });
    t.after(() => Promise.all([light.close(), dark.close()]));
    for (const view of [light, dark]) {
      await view.page.goto(`${app.baseUrl}/z/dashboard`);
      await view.page.locator(row('db', 'UP')).waitFor();
    }
    // The light page takes the keyboard: :focus-visible shows only in the page that has focus,
    // and the dark page, opened second, would otherwise hold it.
    await light.page.bringToFront();
    // Name and outline read together, so a poll between two reads cannot mix two rows.
    const active = "(() => { const element = document.activeElement; const row = element && element.closest('#components') ? element : null; " +
      "return { name: row ? row.getAttribute('data-name') : '', outline: row ? getComputedStyle(row).outlineStyle : 'none' }; })()";
    let focused = { name: '', outline: 'none' };
    for (let presses = 0; presses < 20 && focused.name !== 'db'; presses++) {
      await light.page.keyboard.press('Tab');
      focused = (await light.page.evaluate(active)) as typeof focused;
    }
    assert.equal(focused.name, 'db', 'Tab reaches the component row');
    assert.notEqual(focused.outline, 'none', 'the focused row is outlined');
    const background = (view: typeof light) => view.page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.notEqual(await background(light), await background(dark), 'the dark scheme has its own colours');
    assert.equal(await light.page.locator('#summary').getAttribute('aria-live'), 'polite');
  });

  it('works through the management port, served by the probe worker', async (t) => {
    const app = await dashboardApp(t, adapter, { failing: false, tokenValid: true }, { port: 0, address: '127.0.0.1' });
    const server = app.app.get(ManagementServer);
    assert.ok(server.usesWorker, 'the worker owns the port');
    const view = await observedPage(browser(), { extraHTTPHeaders: TOKEN });
    t.after(() => view.close());
    const response = await view.page.goto(`${server.url}/z/dashboard`);
    assert.equal(response?.status(), 200);
    assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    await view.page.locator(row('db', 'UP')).waitFor();
    await view.page.locator('#connection', { hasText: 'Live' }).waitFor();
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.violations(), []);
    const origin = new URL(server.url!).origin;
    assert.deepEqual(view.requests.filter((url) => new URL(url).origin !== origin), []);
  });

  it('shows a check nothing else asks for DOWN within ttl.down plus one refresh, with no probe or /health traffic', async (t) => {
    let failing = false;
    const payments = countingCheck(
      'payments',
      () => {
        if (failing) throw new Error('gateway refused');
      },
      { groups: ['backend'], ttl: { up: 300, down: 300 } },
    );
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true, refreshInterval: 500 } })],
      providers: [payments.provider],
    });
    const view = await observedPage(browser());
    t.after(() => view.close());
    await view.page.goto(`${app.baseUrl}/z/dashboard`);
    await view.page.locator(row('payments', 'UP')).waitFor();
    failing = true;
    await view.page.locator(row('payments', 'DOWN'), { hasText: 'gateway refused' }).waitFor();
    assert.ok(view.requests.every((url) => !url.includes('/z/health')), 'only the dashboard asked');
  });

  it('with five pages open, a counting check runs at most once per ttl', async (t) => {
    const ttl = 1_000;
    const search = countingCheck('search', () => undefined, { groups: ['backend'], ttl });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true, refreshInterval: 500 } })],
      providers: [search.provider],
    });
    const began = performance.now();
    const views = await Promise.all(Array.from({ length: 5 }, () => observedPage(browser())));
    t.after(() => Promise.all(views.map((view) => view.close())));
    await Promise.all(views.map((view) => view.page.goto(`${app.baseUrl}/z/dashboard`)));
    const polls = () => views.reduce((sum, view) => sum + view.requests.filter((url) => url.endsWith('/z/dashboard/state')).length, 0);
    while (polls() < 30) await views[0]!.page.waitForTimeout(100);
    const executions = search.executions;
    const elapsed = performance.now() - began;
    assert.ok(executions >= 1);
    assert.ok(executions <= Math.floor(elapsed / ttl) + 1, `${executions} executions for ${polls()} polls in ${Math.round(elapsed)} ms`);
  });

  it('shows each component\'s uptime and a latency chart of its recent executions', async (t) => {
    let failing = false;
    const payments = countingCheck(
      'payments',
      () => {
        if (failing) throw new Error('gateway refused');
      },
      { groups: ['backend'], ttl: 0 },
    );
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always', dashboard: { enabled: true, refreshInterval: 500 } })],
      providers: [payments.provider],
    });
    const view = await observedPage(browser());
    t.after(() => view.close());
    await view.page.goto(`${app.baseUrl}/z/dashboard`);
    const up = view.page.locator(row('payments', 'UP'));
    await up.locator('td.uptime', { hasText: '100 %' }).waitFor();
    await up.locator('svg.latency-chart polyline.latency-line').waitFor({ state: 'attached' });
    failing = true;
    const down = view.page.locator(row('payments', 'DOWN'));
    await down.locator('svg.latency-chart circle.latency-dot.status-DOWN').first().waitFor({ state: 'attached' });
    const uptime = await down.locator('td.uptime').innerText();
    assert.match(uptime, /^\d+(\.\d)? %$/);
    assert.match(String(await down.locator('svg.latency-chart').getAttribute('aria-label')), /Latency of the last \d+ executions/);
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.violations(), [], 'the chart is drawn under the page\'s CSP');
  });
});
