import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpStatusOf, isHealthStatus, worseStatus } from '../../src/health/health-status.js';
import type { HealthStatus } from '../../src/health/health-status.js';
import { resolveStatusHttpMapping } from '../../src/health/status-mapping.options.js';

const WORST_FIRST: readonly HealthStatus[] = ['DOWN', 'OUT_OF_SERVICE', 'UP', 'UNKNOWN'];

const aggregate = (statuses: readonly HealthStatus[]): HealthStatus => statuses.reduce(worseStatus);

describe('health statuses', () => {
  it('aggregate worst-first, as Spring does: DOWN > OUT_OF_SERVICE > UP > UNKNOWN', () => {
    for (let worse = 0; worse < WORST_FIRST.length; worse++) {
      for (let better = worse; better < WORST_FIRST.length; better++) {
        const expected = WORST_FIRST[worse]!;
        assert.equal(worseStatus(WORST_FIRST[worse]!, WORST_FIRST[better]!), expected);
        assert.equal(worseStatus(WORST_FIRST[better]!, WORST_FIRST[worse]!), expected, 'order of arguments does not matter');
      }
    }
  });

  it('one UNKNOWN among UP components leaves the aggregate UP', () => {
    assert.equal(aggregate(['UP', 'UNKNOWN', 'UP']), 'UP');
    assert.equal(aggregate(['UNKNOWN', 'UNKNOWN']), 'UNKNOWN');
  });

  it('one DOWN outweighs any number of others, in any position', () => {
    assert.equal(aggregate(['UP', 'OUT_OF_SERVICE', 'UNKNOWN', 'DOWN']), 'DOWN');
    assert.equal(aggregate(['DOWN', 'OUT_OF_SERVICE', 'UP']), 'DOWN');
    assert.equal(aggregate(['UP', 'OUT_OF_SERVICE', 'UP']), 'OUT_OF_SERVICE');
  });

  it('by default only UP answers HTTP 200; every other status answers 503', () => {
    const mapping = resolveStatusHttpMapping(undefined);
    assert.equal(httpStatusOf('UP', mapping), 200);
    assert.equal(httpStatusOf('DOWN', mapping), 503);
    assert.equal(httpStatusOf('OUT_OF_SERVICE', mapping), 503);
    assert.equal(httpStatusOf('UNKNOWN', mapping), 503);
  });

  it('statusHttpMapping changes the statuses it names and keeps the defaults of the others', () => {
    const mapping = resolveStatusHttpMapping({ DOWN: 500, UNKNOWN: 200 });
    assert.deepEqual(mapping, { UP: 200, DOWN: 500, OUT_OF_SERVICE: 503, UNKNOWN: 200 });
  });

  it('statusHttpMapping refuses unknown statuses and codes that are not HTTP status codes, naming them', () => {
    assert.throws(() => resolveStatusHttpMapping({ FATAL: 500 }), /unknown status 'FATAL'; known statuses: UP, DOWN, OUT_OF_SERVICE, UNKNOWN/);
    assert.throws(() => resolveStatusHttpMapping({ DOWN: 99 }), /code for DOWN must be an HTTP status code from 200 to 599, got 99/);
    assert.throws(() => resolveStatusHttpMapping({ DOWN: '503' }), /code for DOWN must be an HTTP status code/);
    assert.throws(() => resolveStatusHttpMapping([503]), /must map health statuses to HTTP status codes/);
  });

  it("recognises exactly Spring's four statuses", () => {
    for (const status of WORST_FIRST) assert.equal(isHealthStatus(status), true, status);
    for (const value of ['up', 'Down', 'GREEN', '', 'toString', '__proto__', 'hasOwnProperty', undefined, null, 1, {}]) {
      assert.equal(isHealthStatus(value), false, String(value));
    }
  });
});
