// The fleet view against a real Prometheus (Debian's `prometheus`) scraping three real instances,
// read in Debian's Chromium: one instance's critical check goes DOWN, the view shows that
// instance DOWN and the others UP, then all UP again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { observedPage, sharedBrowser } from '../support/browser.js';
import type { ObservedPage } from '../support/browser.js';
import { FLEET_JOB, FLEET_PATIENCE, startPrometheusFleet } from '../support/prometheus-fleet-harness.js';
import type { PrometheusFleet } from '../support/prometheus-fleet-harness.js';
import { waitUntil } from '../support/wait-until.js';

const browser = sharedBrowser();
const WAIT = { timeout: FLEET_PATIENCE.deadline };

describe('the fleet view with a real Prometheus, in Chromium', () => {
  let fleet: PrometheusFleet;
  let view: ObservedPage;

  before(async () => {
    fleet = await startPrometheusFleet((url) => ({ dashboard: { enabled: true, fleet: { prometheus: { url, job: FLEET_JOB, timeout: 2_000 }, refreshInterval: 1_000 } } }));
  });

  after(async () => {
    await view?.close();
    await fleet?.close();
  });

  const rowOf = (target: string, state?: string) =>
    view.page.locator(`#fleet .fleet-service[data-job="${FLEET_JOB}"] tr[data-instance="${target}"]${state ? `[data-state="${state}"]` : ''}`);

  it('shows every instance UP with its components and availability, and the target Prometheus cannot scrape as missing', async () => {
    view = await observedPage(browser());
    await view.page.goto(`${fleet.instances[0]!.app.baseUrl}/z/dashboard`);
    for (const instance of fleet.instances) await rowOf(instance.target, 'UP').waitFor(WAIT);
    await rowOf(fleet.deadTarget, 'SCRAPE_FAILING').waitFor(WAIT);
    const first = rowOf(fleet.instances[0]!.target);
    await first.locator('li[data-component="db"] .status-UP').waitFor(WAIT);
    assert.match(await first.locator('td').nth(2).innerText(), /^\d+(\.\d+)? %$/, 'availability over 24 h');
    assert.match(await view.page.locator(`#fleet .fleet-service[data-job="${FLEET_JOB}"] h3`).innerText(), /4 instances, 1 missing/);
    const prometheusOrigin = new URL(fleet.prometheusUrl).origin;
    assert.ok(view.requests.every((url) => new URL(url).origin !== prometheusOrigin), 'the browser never talks to Prometheus');
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.violations(), []);
  });

  it('one instance\'s critical check DOWN: that instance shows DOWN and the others UP, then all UP again', async () => {
    const [viewer, failing, other] = fleet.instances as [PrometheusFleet['instances'][0], PrometheusFleet['instances'][0], PrometheusFleet['instances'][0]];
    const flipped = Date.now();
    failing.failing = true;
    await rowOf(failing.target, 'DOWN').waitFor(WAIT);
    await rowOf(failing.target).locator('li[data-component="db"] .status-DOWN').waitFor(WAIT);
    assert.equal(await rowOf(viewer.target, 'UP').count(), 1);
    assert.equal(await rowOf(other.target, 'UP').count(), 1);
    const body = await waitUntil(
      'the JSON route shows a last change',
      async () => (await fetch(`${viewer.app.baseUrl}/z/dashboard/fleet`)).json() as Promise<{ services: { instances: { instance: string; state: string; lastChange: string | null }[] }[] }>,
      (answer) => answer.services[0]?.instances.some((instance) => instance.instance === failing.target && instance.state === 'DOWN' && instance.lastChange !== null) ?? false,
      FLEET_PATIENCE,
    );
    const down = body.services[0]!.instances.find((instance) => instance.instance === failing.target)!;
    const changed = Date.parse(down.lastChange!);
    assert.ok(changed >= flipped - 5_000 && changed <= Date.now(), `last change ${down.lastChange} for a failure at ${new Date(flipped).toISOString()}`);

    failing.failing = false;
    for (const instance of fleet.instances) await rowOf(instance.target, 'UP').waitFor(WAIT);
  });

  it('a stopped instance shows SCRAPE FAILING, and once its target leaves Prometheus\'s configuration, ABSENT with when it was last seen', async () => {
    const stopped = fleet.instances[2]!;
    await stopped.app.close();
    await rowOf(stopped.target, 'SCRAPE_FAILING').waitFor(WAIT);
    fleet.removeTarget(stopped.target);
    const absent = rowOf(stopped.target, 'ABSENT');
    await absent.waitFor(WAIT);
    assert.match(await absent.innerText(), /last seen/);
    assert.match(await view.page.locator(`#fleet .fleet-service[data-job="${FLEET_JOB}"] h3`).innerText(), /4 instances, 2 missing/);
  });

  it('says so on the page when Prometheus cannot be reached', async () => {
    await fleet.stopPrometheus();
    await view.page.locator('#fleet-connection.failing', { hasText: 'Prometheus cannot be reached' }).waitFor(WAIT);
    assert.equal(await rowOf(fleet.instances[0]!.target).count(), 1, 'the last figures stay, marked stale');
  });
});
