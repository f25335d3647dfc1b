import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOfError, outcomeOfReturn } from '../../src/health/check-result.js';
import { HealthError } from '../../src/index.js';

describe('reading what a check returned', () => {
  it('nothing or true is UP without details', () => {
    assert.deepEqual(outcomeOfReturn(undefined), { status: 'UP' });
    assert.deepEqual(outcomeOfReturn(true), { status: 'UP' });
    assert.deepEqual(outcomeOfReturn({}), { status: 'UP' });
  });

  it('false is DOWN with a reason', () => {
    assert.deepEqual(outcomeOfReturn(false), { status: 'DOWN', details: { error: 'check returned false' } });
  });

  it('an object gives its status and details', () => {
    assert.deepEqual(outcomeOfReturn({ status: 'OUT_OF_SERVICE', details: { reason: 'maintenance' } }), {
      status: 'OUT_OF_SERVICE',
      details: { reason: 'maintenance' },
    });
    assert.deepEqual(outcomeOfReturn({ details: { rows: 1 } }), { status: 'UP', details: { rows: 1 } });
  });

  it('details that are not an object are kept under value', () => {
    assert.deepEqual(outcomeOfReturn({ details: 'replica 2 of 3' }), { status: 'UP', details: { value: 'replica 2 of 3' } });
    assert.deepEqual(outcomeOfReturn({ details: [1, 2] }), { status: 'UP', details: { value: [1, 2] } });
  });

  it('details JSON cannot carry are replaced by a note', () => {
    assert.deepEqual(outcomeOfReturn({ details: { big: 10n } }), {
      status: 'UP',
      details: { note: 'details could not be serialized to JSON' },
    });
  });

  it('an unsupported value or status is DOWN naming what came back', () => {
    assert.deepEqual(outcomeOfReturn(0), {
      status: 'DOWN',
      details: { error: 'check returned an unsupported value (number); return nothing, a boolean or { status, details }' },
    });
    assert.deepEqual(outcomeOfReturn({ status: 'up' }), {
      status: 'DOWN',
      details: { error: "check returned an invalid status 'up'; use UP, DOWN, OUT_OF_SERVICE or UNKNOWN" },
    });
    assert.deepEqual(outcomeOfReturn({ status: null }), {
      status: 'DOWN',
      details: { error: 'check returned an invalid status null; use UP, DOWN, OUT_OF_SERVICE or UNKNOWN' },
    });
  });
});

describe('reading what a check threw', () => {
  it('a HealthError is DOWN with its details and its message as error', () => {
    assert.deepEqual(outcomeOfError(new HealthError('lag', { seconds: 42 })), {
      status: 'DOWN',
      details: { seconds: 42, error: 'lag' },
    });
  });

  it("the reason wins over a HealthError detail that is also called 'error'", () => {
    assert.deepEqual(outcomeOfError(new HealthError('lag', { error: 'stale' })), { status: 'DOWN', details: { error: 'lag' } });
  });

  it('a HealthError whose details JSON cannot carry keeps its reason', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.deepEqual(outcomeOfError(new HealthError('lag', cyclic)), {
      status: 'DOWN',
      details: { note: 'details could not be serialized to JSON', error: 'lag' },
    });
  });

  it('any other value is DOWN with the best text it has', () => {
    assert.deepEqual(outcomeOfError(new RangeError('too far')), { status: 'DOWN', details: { error: 'too far' } });
    assert.deepEqual(outcomeOfError(new RangeError('')), { status: 'DOWN', details: { error: 'RangeError' } });
    assert.deepEqual(outcomeOfError('disk full'), { status: 'DOWN', details: { error: 'disk full' } });
    assert.deepEqual(outcomeOfError(7), { status: 'DOWN', details: { error: '7' } });
    assert.deepEqual(outcomeOfError(null), { status: 'DOWN', details: { error: 'null' } });
    assert.deepEqual(outcomeOfError(Symbol('gone')), { status: 'DOWN', details: { error: 'Symbol(gone)' } });
  });

  it('a reason longer than 1000 characters is cut and marked', () => {
    const outcome = outcomeOfError(new Error('e'.repeat(1_001)));
    assert.equal(outcome.details?.error, `${'e'.repeat(1_000)}…`);
    assert.equal(outcomeOfError(new Error('e'.repeat(1_000))).details?.error, 'e'.repeat(1_000), 'exactly 1000 stays whole');
  });
});
