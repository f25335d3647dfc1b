import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fleetView } from '../../src/dashboard/fleet/fleet-view.js';
import type { FleetAnswers } from '../../src/dashboard/fleet/fleet-view.js';
import { fleetQueries } from '../../src/dashboard/fleet/fleet-queries.js';

const sample = (labels: Record<string, string>, value: number) => ({ labels, value });
const empty: FleetAnswers = { up: [], status: [], components: [], availability: [], componentAvailability: [], lastChange: [], componentLastChange: [], absent: [] };
const now = new Date('2026-01-01T12:00:00.000Z');
const seconds = (iso: string) => Date.parse(iso) / 1_000;

describe('fleetView', () => {
  it('each scraped instance has its status, components, availability and last change; services in the configured order', () => {
    const view = fleetView(
      {
        ...empty,
        up: [sample({ job: 'orders', instance: 'b:80' }, 1), sample({ job: 'orders', instance: 'a:80' }, 1), sample({ job: 'billing', instance: 'c:80' }, 1)],
        status: [sample({ job: 'orders', instance: 'a:80', status: 'UP' }, 1), sample({ job: 'orders', instance: 'b:80', status: 'DOWN' }, 1)],
        components: [sample({ job: 'orders', instance: 'b:80', component: 'db', status: 'DOWN' }, 1)],
        availability: [sample({ job: 'orders', instance: 'b:80', status: 'UP' }, 0.75)],
        componentAvailability: [sample({ job: 'orders', instance: 'b:80', component: 'db', status: 'UP' }, 0.5)],
        lastChange: [sample({ job: 'orders', instance: 'b:80' }, seconds('2026-01-01T11:59:00.000Z'))],
        componentLastChange: [sample({ job: 'orders', instance: 'b:80', component: 'db' }, seconds('2026-01-01T11:58:00.000Z'))],
      },
      ['orders', 'billing'],
      now,
      1_000,
    );
    assert.deepEqual(view.services.map((service) => service.job), ['orders', 'billing']);
    const [a, b] = view.services[0]!.instances;
    assert.deepEqual(a, { instance: 'a:80', state: 'UP', availability: null, lastChange: null, lastSeen: null, components: [] });
    assert.deepEqual(b, {
      instance: 'b:80',
      state: 'DOWN',
      availability: 0.75,
      lastChange: '2026-01-01T11:59:00.000Z',
      lastSeen: null,
      components: [{ name: 'db', status: 'DOWN', availability: 0.5, lastChange: '2026-01-01T11:58:00.000Z' }],
    });
    assert.equal(view.services[1]!.instances[0]!.state, 'UNKNOWN', 'scraped, but exports no health status');
  });

  it('a target Prometheus cannot scrape is SCRAPE_FAILING; one seen within 24 h and gone is ABSENT, with when it was last seen', () => {
    const view = fleetView(
      {
        ...empty,
        up: [sample({ job: 'orders', instance: 'a:80' }, 0)],
        absent: [sample({ job: 'orders', instance: 'gone:80' }, seconds('2026-01-01T10:00:00.000Z'))],
        status: [sample({ job: 'orders', instance: 'a:80', status: 'UP' }, 1)],
      },
      ['orders'],
      now,
      1_000,
    );
    assert.deepEqual(
      view.services[0]!.instances.map(({ instance, state, lastSeen }) => ({ instance, state, lastSeen })),
      [
        { instance: 'a:80', state: 'SCRAPE_FAILING', lastSeen: null },
        { instance: 'gone:80', state: 'ABSENT', lastSeen: '2026-01-01T10:00:00.000Z' },
      ],
    );
  });
});

describe('fleetQueries', () => {
  it('read only the raw metrics and up, with job and selector matchers escaped', () => {
    const queries = fleetQueries({ jobs: ['orders.v2'], selector: 'namespace="prod"' }, '');
    assert.equal(queries.up, 'up{job="orders.v2", namespace="prod"}');
    assert.equal(queries.availability, 'avg_over_time(health_status{job="orders.v2", namespace="prod", status="UP"}[24h])');
    assert.equal(fleetQueries({ jobs: ['a.b', 'c'], selector: undefined }, 'x_').status, 'x_health_status{job=~"a\\\\.b|c"} == 1');
    assert.ok(Object.values(queries).every((query) => !/:[a-z_]+:/.test(query)), 'no recording rule names');
  });
});
