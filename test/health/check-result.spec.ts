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

describe('secrets in what a check reports', () => {
  it('returned details are scrubbed: secret-named keys, URL passwords and secret pairs in any string', () => {
    const details = {
      password: 'hunter2',
      apiToken: 'tok-123',
      dsn: 'redis://:PW@cache:6379/0',
      host: 'db',
      pool: { connection: 'Server=db;User Id=sa;Password=p;', size: 4 },
    };
    assert.deepEqual(outcomeOfReturn({ details }), {
      status: 'UP',
      details: {
        password: '******',
        apiToken: '******',
        dsn: 'redis://:******@cache:6379/0',
        host: 'db',
        pool: { connection: 'Server=db;User Id=sa;Password=******;', size: 4 },
      },
    });
    assert.equal(details.password, 'hunter2', "the check's own object is left alone");
  });

  it('details are scrubbed as JSON shows them, toJSON included', () => {
    assert.deepEqual(outcomeOfReturn({ details: { endpoint: new URL('https://monitor:PW@api.example.com/health') } }), {
      status: 'UP',
      details: { endpoint: 'https://monitor:******@api.example.com/health' },
    });
    assert.deepEqual(outcomeOfReturn({ details: 'using postgres://app:PW@db/app' }), {
      status: 'UP',
      details: { value: 'using postgres://app:******@db/app' },
    });
  });

  it("a thrown error's text is scrubbed", () => {
    assert.deepEqual(outcomeOfError(new Error('connect ECONNREFUSED postgres://app:HUNTER2@db.internal:5432/app')), {
      status: 'DOWN',
      details: { error: 'connect ECONNREFUSED postgres://app:******@db.internal:5432/app' },
    });
    assert.deepEqual(outcomeOfError('login failed for Server=db;Password=p'), {
      status: 'DOWN',
      details: { error: 'login failed for Server=db;Password=******' },
    });
  });

  it("a HealthError's reason and details are scrubbed", () => {
    assert.deepEqual(outcomeOfError(new HealthError('broker refused amqp://guest:GUEST@mq:5672', { apiKey: 'k', broker: 'mq' })), {
      status: 'DOWN',
      details: { apiKey: '******', broker: 'mq', error: 'broker refused amqp://guest:******@mq:5672' },
    });
  });

  it('a reason is scrubbed before it is cut, so a secret across the cut does not leak', () => {
    const reason = `${'e'.repeat(970)} postgres://app:HUNTER2-AND-A-LONG-TAIL@db/app`;
    const error = String(outcomeOfError(new Error(reason)).details?.error);
    assert.equal(error, `${'e'.repeat(970)} postgres://app:******@db/app`);
    assert.ok(!error.includes('HUNTER2'));
  });
});
