import { it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveManagementOptions } from '../../src/management.options.js';

it('the dashboard is off by default and polls every 2 s when on', () => {
  assert.deepEqual(resolveManagementOptions({}).dashboard, { enabled: false, refreshInterval: 2000, fleet: undefined });
  assert.deepEqual(resolveManagementOptions({ dashboard: { enabled: true, refreshInterval: 500 } }).dashboard, { enabled: true, refreshInterval: 500, fleet: undefined });
});

it('enabling the dashboard enables the history, keeping its capacity, unless history.enabled is false', () => {
  assert.deepEqual(resolveManagementOptions({ dashboard: { enabled: true }, history: { capacity: 20 } }).history, { enabled: true, capacity: 20, executions: 60 });
  assert.equal(resolveManagementOptions({ dashboard: { enabled: true }, history: { enabled: false } }).history.enabled, false);
  assert.equal(resolveManagementOptions({ dashboard: { enabled: false } }).history.enabled, false);
});

it('a refresh interval under 500 ms, or not a whole number, names the key', () => {
  for (const refreshInterval of [499, 0, 1.5, '2000']) {
    assert.throws(() => resolveManagementOptions({ dashboard: { refreshInterval } as never }), /'dashboard\.refreshInterval'/);
  }
});
