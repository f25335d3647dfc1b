import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthChange } from '../../src/health/health-change.js';
import type { HealthStatus } from '../../src/health/health-status.js';
import { uptimeOf } from '../../src/dashboard/uptime.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const now = new Date(at(100));

function change(name: string, second: number, from: HealthStatus | null, to: HealthStatus, kind: HealthChange['kind'] = 'component'): HealthChange {
  return { kind, name, from, to, at: at(second), previousDurationMs: null };
}

describe('uptimeOf', () => {
  it('counts from the first time seen: UP 30 s, DOWN 20 s, UP 50 s is 80 %', () => {
    const newestFirst = [change('db', 50, 'DOWN', 'UP'), change('db', 30, 'UP', 'DOWN'), change('all', 0, null, 'UP', 'aggregate'), change('db', 0, null, 'UP')];
    assert.deepEqual(uptimeOf('db', newestFirst, at(0), 'UP', now), { share: 0.8, since: at(0) });
  });

  it('before its first change kept, a component had that change\'s "from" status since the window began', () => {
    const newestFirst = [change('db', 60, 'UP', 'DOWN'), change('cache', 20, null, 'UP')];
    assert.deepEqual(uptimeOf('db', newestFirst, at(20), 'DOWN', now), { share: 0.5, since: at(20) });
  });

  it('with no change of its own kept, has had its current status over the whole window', () => {
    const newestFirst = [change('cache', 10, null, 'UP')];
    assert.deepEqual(uptimeOf('db', newestFirst, at(10), 'DOWN', now), { share: 0, since: at(10) });
    assert.deepEqual(uptimeOf('db', newestFirst, at(10), 'UP', now), { share: 1, since: at(10) });
  });

  it('without a history has no uptime, and ignores other components and groups', () => {
    assert.deepEqual(uptimeOf('db', [], undefined, 'UP', now), { share: null, since: null });
    const newestFirst = [change('db', 40, null, 'DOWN', 'group'), change('db', 0, null, 'UP')];
    assert.equal(uptimeOf('db', newestFirst, at(0), 'UP', now).share, 1);
  });
});
