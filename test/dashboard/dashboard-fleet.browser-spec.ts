// The whole fleet story on one fleet (test/support/fleet.ts): a real Prometheus (Debian's
// `prometheus`) scrapes three real instances of one service every second and evaluates the shipped
// rules (each alert's `for` shortened to 5 s); the first instance's dashboard shows the fleet in
// Debian's Chromium. One instance's critical check goes DOWN: the alert fires in Prometheus's own
// /api/v1/alerts for that instance alone, the availability recordings move, and the fleet view
// shows that instance DOWN and the others UP; back UP, the alert leaves and the view shows all UP.
// Then an instance stops (HealthTargetDown fires, SCRAPE FAILING), leaves the configuration
// (ABSENT), and Prometheus itself stops (the page says it cannot be reached).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { observedPage, sharedBrowser } from '../support/browser.js';
import type { ObservedPage } from '../support/browser.js';
import { FLEET_PATIENCE, FLEET_TOKEN, startFleet } from '../support/fleet.js';
import type { Fleet, PrometheusAlert } from '../support/fleet.js';
import { waitUntil } from '../support/wait-until.js';

const browser = sharedBrowser();
const WAIT = { timeout: FLEET_PATIENCE.deadline };
const AUTHORIZED = { Authorization: `Bearer ${FLEET_TOKEN}` };

interface FleetBody {
  services: { job: string; instances: { instance: string; state: string; lastChange: string | null }[] }[];
}

describe('the fleet on a real Prometheus: alerts, recordings and the fleet view in Chromium', () => {
  let fleet: Fleet;
  let view: ObservedPage;

  before(async () => {
    fleet = await startFleet(3, {
      options: (index, url) => (index === 0 ? { dashboard: { enabled: true, fleet: { prometheus: { url, job: 'orders', timeout: 2_000 }, refreshInterval: 1_000 } } } : {}),
    });
  });

  after(async () => {
    await view?.close();
    await fleet?.stop();
  });

  const target = (index: number) => fleet.instances[index]!.target;
  const heading = () => view.page.locator(`#fleet .fleet-service[data-job="${fleet.job}"] h3`);
  const rowOf = (instance: string, state?: string) =>
    view.page.locator(`#fleet .fleet-service[data-job="${fleet.job}"] tr[data-instance="${instance}"]${state ? `[data-state="${state}"]` : ''}`);

  /** The values of `expression` by instance label, once every instance has one. */
  async function byInstance(expression: string): Promise<Map<string, number>> {
    const result = await waitUntil(
      expression,
      () => fleet.query(expression),
      (samples) => fleet.instances.every((instance) => samples.some((sample) => sample.metric.instance === instance.target)),
      FLEET_PATIENCE,
    );
    return new Map(result.map((sample) => [sample.metric.instance!, Number(sample.value[1])]));
  }

  function alertsIn(name: string, state: PrometheusAlert['state']): Promise<PrometheusAlert[]> {
    return waitUntil(`${name} ${state}`, () => fleet.alerts(), (alerts) => alerts.some((alert) => alert.labels.alertname === name && alert.state === state), FLEET_PATIENCE);
  }

  it('every instance UP: recordings at 1, no alert, and the view shows each instance UP with its components and availability', async () => {
    assert.deepEqual([...(await byInstance('instance_component:health_component_up:avg_over_time_5m{component="db"}')).values()], [1, 1, 1]);
    assert.deepEqual(await fleet.alerts(), []);
    view = await observedPage(browser(), { extraHTTPHeaders: AUTHORIZED });
    await view.page.goto(`${fleet.instances[0]!.app.baseUrl}/z/dashboard`);
    for (const instance of fleet.instances) await rowOf(instance.target, 'UP').waitFor(WAIT);
    await rowOf(target(0)).locator('li[data-component="db"] .status-UP').waitFor(WAIT);
    assert.match(await rowOf(target(0)).locator('td').nth(2).innerText(), /^\d+(\.\d+)? %$/, 'availability over 24 h');
    assert.equal(await heading().innerText(), `${fleet.job}: 3 instances`);
    const prometheusOrigin = new URL(fleet.prometheusUrl).origin;
    assert.ok(view.requests.every((url) => new URL(url).origin !== prometheusOrigin), 'the browser never talks to Prometheus');
    assert.doesNotMatch(await view.page.content(), new RegExp(new URL(fleet.prometheusUrl).host), 'the page never learns where Prometheus is');
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.violations(), []);
  });

  it("one instance's critical check DOWN: the alert fires for it alone, its availability moves, and the view shows it DOWN and the others UP", async () => {
    const down = target(1);
    const flipped = Date.now();
    fleet.flip(1, false);
    await alertsIn('HealthCriticalComponentDown', 'pending');
    const firing = await alertsIn('HealthCriticalComponentDown', 'firing');
    assert.deepEqual(
      firing.map((alert) => alert.labels),
      [{ alertname: 'HealthCriticalComponentDown', job: fleet.job, instance: down, component: 'db', critical: 'true', status: 'DOWN', severity: 'warning' }],
      'one alert, for the flipped instance, and no other (the service still has UP instances)',
    );
    assert.equal(firing[0]!.annotations.summary, `db is DOWN on ${down}`);

    const component = await byInstance('instance_component:health_component_up:avg_over_time_5m{component="db"}');
    assert.ok(component.get(down)! < 1, `${down}: ${component.get(down)}`);
    for (const [instance, value] of component) if (instance !== down) assert.equal(value, 1, instance);
    assert.ok((await byInstance('instance:health_up:avg_over_time_5m')).get(down)! < 1);
    const service = await fleet.query('job_component:health_component_up:avg_over_time_1h{component="db"}');
    assert.ok(Number(service[0]!.value[1]) < 1, JSON.stringify(service));
    assert.deepEqual([...(await byInstance('instance_component:health_component_up:avg_over_time_5m{component="cache"}')).values()], [1, 1, 1], 'the other component is unaffected');

    await rowOf(down, 'DOWN').waitFor(WAIT);
    await rowOf(down).locator('li[data-component="db"] .status-DOWN').waitFor(WAIT);
    assert.equal(await rowOf(target(0), 'UP').count(), 1);
    assert.equal(await rowOf(target(2), 'UP').count(), 1);
    const body = await waitUntil(
      'the fleet JSON shows when it changed',
      async () => (await fetch(`${fleet.instances[0]!.app.baseUrl}/z/dashboard/fleet`, { headers: AUTHORIZED })).json() as Promise<FleetBody>,
      (answer) => answer.services[0]?.instances.some((instance) => instance.instance === down && instance.state === 'DOWN' && instance.lastChange !== null) ?? false,
      FLEET_PATIENCE,
    );
    const changed = Date.parse(body.services[0]!.instances.find((instance) => instance.instance === down)!.lastChange!);
    assert.ok(changed >= flipped - 5_000 && changed <= Date.now(), `last change ${new Date(changed).toISOString()} for a failure at ${new Date(flipped).toISOString()}`);
  });

  it('back UP: the alert leaves /api/v1/alerts and the view shows every instance UP', async () => {
    fleet.flip(1, true);
    await waitUntil('no alert', () => fleet.alerts(), (alerts) => alerts.length === 0, FLEET_PATIENCE);
    for (const instance of fleet.instances) await rowOf(instance.target, 'UP').waitFor(WAIT);
    await rowOf(target(1)).locator('li[data-component="db"] .status-UP').waitFor(WAIT);
    assert.deepEqual([...(await byInstance('health_status{status="UP"}')).values()], [1, 1, 1]);
  });

  it('a stopped instance: HealthTargetDown fires for it and the view shows it SCRAPE FAILING; out of the configuration, ABSENT with when it was last seen', async () => {
    const gone = target(2);
    await fleet.stopInstance(2);
    const firing = await alertsIn('HealthTargetDown', 'firing');
    assert.deepEqual(
      firing.map((alert) => alert.labels),
      [{ alertname: 'HealthTargetDown', job: fleet.job, instance: gone, severity: 'warning' }],
    );
    await rowOf(gone, 'SCRAPE_FAILING').waitFor(WAIT);
    assert.equal(await heading().innerText(), `${fleet.job}: 3 instances, 1 missing`);
    fleet.removeTarget(2);
    const absent = rowOf(gone, 'ABSENT');
    await absent.waitFor(WAIT);
    assert.match(await absent.innerText(), /last seen/);
    assert.equal(await heading().innerText(), `${fleet.job}: 3 instances, 1 missing`);
  });

  it('says so on the page when Prometheus cannot be reached, keeping the last figures', async () => {
    await fleet.stopPrometheus();
    await view.page.locator('#fleet-connection.failing', { hasText: 'Prometheus cannot be reached' }).waitFor(WAIT);
    assert.equal(await rowOf(target(0)).count(), 1, 'the last figures stay, marked stale');
    assert.deepEqual(view.errors, []);
  });
});
