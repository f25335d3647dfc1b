import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { redisCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const REDIS_PORT = 6379;
const TIMEOUT = 300;

function ioredis(port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
  client.on('error', () => undefined);
  return client;
}

function nodeRedis(port: number) {
  const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: () => 200 } });
  client.on('error', () => undefined);
  return client;
}

async function ready(client: Redis): Promise<void> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
}

describe('Redis indicator (ioredis)', () => {
  it('is UP against the live server', async (t) => {
    const atEnd = cleanups(t);
    const client = ioredis(REDIS_PORT);
    atEnd(() => client.disconnect());
    await ready(client);
    const app = await appWith(redisCheck('cache', client, { timeout: 2000 }), atEnd);
    const result = await component(app, 'cache');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN at once, without queueing a PING, while the server is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const client = ioredis(await unusedPort());
    atEnd(() => client.disconnect());
    const app = await appWith(redisCheck('cache', client, { timeout: 2000 }), atEnd);
    await assertDown(app, 'cache', /^Redis connection is not ready \((connecting|reconnecting)\)$/);
  });

  it('is DOWN when the server accepts and never answers the ready check', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const client = ioredis(stalled.port);
    atEnd(() => client.disconnect());
    atEnd(() => stalled.close());
    const app = await appWith(redisCheck('cache', client, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'cache', /^Redis connection is not ready \((connecting|connect)\)$/);
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second PING behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(REDIS_PORT);
    const client = ioredis(proxy.port);
    atEnd(() => client.disconnect());
    atEnd(() => proxy.close());
    await ready(client);
    const app = await appWith(redisCheck('cache', client, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'cache', proxy, TIMEOUT, 'PING');
  });
});

describe('Redis indicator (redis)', () => {
  it('is UP against the live server', async (t) => {
    const atEnd = cleanups(t);
    const client = nodeRedis(REDIS_PORT);
    await client.connect();
    atEnd(() => client.destroy());
    const app = await appWith(redisCheck('cache', client, { timeout: 2000 }), atEnd);
    const result = await component(app, 'cache');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN at once while the server is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const client = nodeRedis(await unusedPort());
    client.connect().catch(() => undefined);
    atEnd(() => client.destroy());
    const app = await appWith(redisCheck('cache', client, { timeout: 2000 }), atEnd);
    const result = await component(app, 'cache');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'Redis connection is not ready (connecting)');
  });

  it('is DOWN when the server accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const client = nodeRedis(stalled.port);
    client.connect().catch(() => undefined);
    atEnd(() => client.destroy());
    atEnd(() => stalled.close());
    const app = await appWith(redisCheck('cache', client, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'cache', /^Redis connection is not ready \(connecting\)$|did not finish within/);
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second PING behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(REDIS_PORT);
    const client = nodeRedis(proxy.port);
    await client.connect();
    atEnd(() => client.destroy());
    atEnd(() => proxy.close());
    const app = await appWith(redisCheck('cache', client, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'cache', proxy, TIMEOUT, 'PING');
  });
});
