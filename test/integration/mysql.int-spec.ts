import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2';
import mysqlPromise from 'mysql2/promise';
import { mysqlCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
const TIMEOUT = 300;

describe('MySQL/MariaDB indicator (mysql2)', () => {
  it('is UP against the live server over a promise pool', async (t) => {
    const atEnd = cleanups(t);
    const pool = mysqlPromise.createPool(MARIADB);
    atEnd(() => pool.end());
    const app = await appWith(mysqlCheck('db', pool, { timeout: 2000 }), atEnd);
    const result = await component(app, 'db');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is UP over a callback-style pool too', async (t) => {
    const atEnd = cleanups(t);
    const pool = mysql.createPool(MARIADB);
    atEnd(() => new Promise((resolve) => pool.end(resolve)));
    const app = await appWith(mysqlCheck('db', pool, { timeout: 2000 }), atEnd);
    assert.equal((await component(app, 'db')).status, 'UP');
  });

  it('is DOWN with the refusal when the server is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const pool = mysqlPromise.createPool({ ...MARIADB, port: await unusedPort() });
    atEnd(() => pool.end());
    const app = await appWith(mysqlCheck('db', pool, { timeout: 2000 }), atEnd);
    await assertDown(app, 'db', /ECONNREFUSED/);
  });

  it('is DOWN within its timeout when the server accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const pool = mysqlPromise.createPool({ ...MARIADB, port: stalled.port });
    atEnd(() => pool.end());
    atEnd(() => stalled.close());
    const app = await appWith(mysqlCheck('db', pool, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'db', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second query behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(MARIADB.port);
    const pool = mysqlPromise.createPool({ ...MARIADB, port: proxy.port, connectionLimit: 1 });
    atEnd(() => pool.end());
    atEnd(() => proxy.close());
    const app = await appWith(mysqlCheck('db', pool, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'db', proxy, TIMEOUT, 'query');
  });
});
