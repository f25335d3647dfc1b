import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const TIMEOUT = 300;

describe('PostgreSQL indicator (pg)', () => {
  it('is UP against the live server, with latency and pool counts', async (t) => {
    const atEnd = cleanups(t);
    const pool = new pg.Pool(POSTGRES);
    atEnd(() => pool.end());
    const app = await appWith(postgresCheck('db', pool, { timeout: 2000 }), atEnd);
    const result = await component(app, 'db');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
    assert.equal(result.details?.totalConnections, 1);
  });

  it('is UP over a single Client too, running the given query', async (t) => {
    const atEnd = cleanups(t);
    const client = new pg.Client(POSTGRES);
    await client.connect();
    atEnd(() => client.end());
    const app = await appWith(postgresCheck('db', client, { query: 'SELECT now()', timeout: 2000 }), atEnd);
    assert.equal((await component(app, 'db')).status, 'UP');
  });

  it('is DOWN with the refusal when the server is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const pool = new pg.Pool({ ...POSTGRES, port: await unusedPort() });
    atEnd(() => pool.end());
    const app = await appWith(postgresCheck('db', pool, { timeout: 2000 }), atEnd);
    const result = await assertDown(app, 'db', /ECONNREFUSED/);
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN within its timeout when the server accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const pool = new pg.Pool({ ...POSTGRES, port: stalled.port });
    atEnd(() => pool.end());
    atEnd(() => stalled.close());
    const app = await appWith(postgresCheck('db', pool, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'db', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second query behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(POSTGRES.port);
    const pool = new pg.Pool({ ...POSTGRES, port: proxy.port, max: 1 });
    atEnd(() => pool.end());
    atEnd(() => proxy.close());
    const app = await appWith(postgresCheck('db', pool, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'db', proxy, TIMEOUT, 'query');
  });
});
