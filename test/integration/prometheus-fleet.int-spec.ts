// The shipped rules in a real Prometheus scraping three instances of one service every second
// (test/support/fleet.ts; each alert's `for` shortened to 5 s, nothing else changed): one
// instance's critical check goes DOWN, the alert goes pending then firing in Prometheus's own
// /api/v1/alerts, naming that instance alone, and the availability recordings move; back UP, the
// alert leaves and every instance is UP; an instance that stops answering scrapes is alerted on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLEET_PATIENCE, startFleet } from '../support/fleet.js';
import type { Fleet, PrometheusAlert } from '../support/fleet.js';
import { waitUntil } from '../support/wait-until.js';

describe('the shipped rules in a real Prometheus over a fleet of three', () => {
  let fleet: Fleet;

  before(async () => {
    fleet = await startFleet(3);
  });

  after(() => fleet?.stop());

  /** The values of `expression` by instance label, once every one of `instances` has a value. */
  async function byInstance(expression: string, instances = fleet.instances.map((instance) => instance.target)): Promise<Map<string, number>> {
    const result = await waitUntil(
      `${expression} for ${instances.join(', ')}`,
      () => fleet.query(expression),
      (samples) => instances.every((instance) => samples.some((sample) => sample.metric.instance === instance)),
      FLEET_PATIENCE,
    );
    return new Map(result.map((sample) => [sample.metric.instance!, Number(sample.value[1])]));
  }

  function alertsNamed(name: string, state: PrometheusAlert['state']) {
    return waitUntil(
      `${name} ${state}`,
      () => fleet.alerts(),
      (alerts) => alerts.some((alert) => alert.labels.alertname === name && alert.state === state),
      FLEET_PATIENCE,
    );
  }

  it('with every instance UP the availability recordings are 1 and no alert is pending or firing', async () => {
    const availability = await byInstance('instance_component:health_component_up:avg_over_time_5m{component="db"}');
    assert.deepEqual([...availability.values()], [1, 1, 1]);
    const service = await waitUntil('the service recording', () => fleet.query('job:health_up:avg_over_time_1h'), (samples) => samples.length === 1, FLEET_PATIENCE);
    assert.equal(service[0]!.metric.job, fleet.job);
    assert.equal(service[0]!.value[1], '1');
    assert.deepEqual(await fleet.alerts(), []);
  });

  it("one instance's critical check DOWN: HealthCriticalComponentDown goes pending, then fires for that instance alone", async () => {
    const down = fleet.instances[1]!.target;
    fleet.flip(1, false);
    const pending = await alertsNamed('HealthCriticalComponentDown', 'pending');
    const firing = await alertsNamed('HealthCriticalComponentDown', 'firing');
    for (const alerts of [pending, firing]) {
      assert.deepEqual(
        alerts.map((alert) => alert.labels),
        [{ alertname: 'HealthCriticalComponentDown', job: fleet.job, instance: down, component: 'db', critical: 'true', status: 'DOWN', severity: 'warning' }],
        'one alert, for the flipped instance, and no other alert (the service still has UP instances)',
      );
    }
    assert.equal(firing[0]!.annotations.summary, `db is DOWN on ${down}`);
  });

  it('the availability recordings move for that instance and its service, not for the others', async () => {
    const down = fleet.instances[1]!.target;
    const component = await waitUntil(
      'the DOWN instance below 1',
      () => byInstance('instance_component:health_component_up:avg_over_time_5m{component="db"}'),
      (values) => values.get(down)! < 1,
      FLEET_PATIENCE,
    );
    for (const [instance, value] of component) if (instance !== down) assert.equal(value, 1, instance);
    const aggregate = await byInstance('instance:health_up:avg_over_time_5m');
    assert.ok(aggregate.get(down)! < 1);
    const service = await fleet.query('job_component:health_component_up:avg_over_time_1h{component="db"}');
    assert.ok(Number(service[0]!.value[1]) < 1, JSON.stringify(service));
    const cache = await byInstance('instance_component:health_component_up:avg_over_time_5m{component="cache"}');
    assert.deepEqual([...cache.values()], [1, 1, 1], 'the other component is unaffected');
  });

  it('back UP: the alert leaves /api/v1/alerts and every instance reports db and /health UP', async () => {
    fleet.flip(1, true);
    await waitUntil('no alert', () => fleet.alerts(), (alerts) => alerts.length === 0, FLEET_PATIENCE);
    const statuses = await waitUntil(
      'db UP on every instance',
      () => byInstance('health_component_status{component="db",status="UP"}'),
      (values) => [...values.values()].every((value) => value === 1),
      FLEET_PATIENCE,
    );
    assert.equal(statuses.size, 3);
    assert.deepEqual([...(await byInstance('health_status{status="UP"}')).values()], [1, 1, 1]);
  });

  it('an instance that stops answering scrapes: HealthTargetDown goes pending, then fires for it', async () => {
    const gone = fleet.instances[2]!.target;
    await fleet.stopInstance(2);
    await alertsNamed('HealthTargetDown', 'pending');
    const firing = await alertsNamed('HealthTargetDown', 'firing');
    assert.deepEqual(
      firing.map((alert) => alert.labels),
      [{ alertname: 'HealthTargetDown', job: fleet.job, instance: gone, severity: 'warning' }],
    );
  });
});
