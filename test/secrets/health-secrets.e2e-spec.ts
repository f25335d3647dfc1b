import { it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthError, ManagementModule } from '../../src/index.js';
import { call, healthCheckProvider, started, withoutTiming } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';

/** Secrets a check may let slip in what it throws or reports; none may reach a response. */
const PLANTED = ['HUNTER2', 'CACHE-PASSWORD', 'CACHE-TOKEN', 'REDIS-PW', 'GUEST-PW', 'MQ-PW', 'MQ-KEY'];

const providers = [
  healthCheckProvider('db', () => {
    throw new Error('connect ECONNREFUSED postgres://app:HUNTER2@db.internal:5432/app');
  }),
  healthCheckProvider('cache', () => ({
    details: { password: 'CACHE-PASSWORD', apiToken: 'CACHE-TOKEN', dsn: 'redis://:REDIS-PW@cache:6379/0', host: 'cache' },
  })),
  healthCheckProvider('queue', async () => {
    throw new HealthError('broker refused amqp://guest:GUEST-PW@mq:5672', { connection: 'Host=mq;Password=MQ-PW;', settings: '{"apiKey":"MQ-KEY"}' });
  }),
];

onEachAdapter('secrets in health results', (adapter) => {
  it('a thrown error, returned details and HealthError details show every secret scrubbed, even with showDetails always', async (t) => {
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', ttl: 0 })], providers });

    const db = await call(app, '/z/health/db');
    assert.equal(db.status, 503);
    assert.deepEqual(withoutTiming(db.body), {
      status: 'DOWN',
      details: { error: 'connect ECONNREFUSED postgres://app:******@db.internal:5432/app' },
    });

    const cache = await call(app, '/z/health/cache');
    assert.equal(cache.status, 200);
    assert.deepEqual(withoutTiming(cache.body), {
      status: 'UP',
      details: { password: '******', apiToken: '******', dsn: 'redis://:******@cache:6379/0', host: 'cache' },
    });

    const queue = await call(app, '/z/health/queue');
    assert.equal(queue.status, 503);
    assert.deepEqual(withoutTiming(queue.body), {
      status: 'DOWN',
      details: { connection: 'Host=mq;Password=******;', settings: '{"apiKey":"******"}', error: 'broker refused amqp://guest:******@mq:5672' },
    });

    for (const path of ['/z/health', '/z/health/readiness', '/z/health/liveness']) {
      const { text } = await call(app, path, { headers: { Accept: 'application/json' } });
      for (const secret of PLANTED) assert.ok(!text.includes(secret), `${path} leaks '${secret}'`);
    }
  });
});
