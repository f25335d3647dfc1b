import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { typeormCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const POSTGRES = { type: 'postgres' as const, host: '127.0.0.1', username: 'postgres', database: 'test' };
const MARIADB = { type: 'mariadb' as const, host: '127.0.0.1', port: 3306, username: 'root', database: 'test' };
const TIMEOUT = 300;

function destroy(dataSource: DataSource): Promise<void> | undefined {
  return dataSource.isInitialized ? dataSource.destroy() : undefined;
}

describe('TypeORM indicator', () => {
  it('is UP against live PostgreSQL, naming the database type', async (t) => {
    const atEnd = cleanups(t);
    const dataSource = await new DataSource({ ...POSTGRES, port: 5432 }).initialize();
    atEnd(() => destroy(dataSource));
    const app = await appWith(typeormCheck('db', dataSource, { timeout: 2000 }), atEnd);
    const result = await component(app, 'db');
    assert.equal(result.status, 'UP');
    assert.equal(result.details?.database, 'postgres');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is UP against live MariaDB', async (t) => {
    const atEnd = cleanups(t);
    const dataSource = await new DataSource(MARIADB).initialize();
    atEnd(() => destroy(dataSource));
    const app = await appWith(typeormCheck('db', dataSource, { timeout: 2000 }), atEnd);
    assert.equal((await component(app, 'db')).status, 'UP');
  });

  it('is DOWN at once when the server was unreachable and the DataSource never initialized', async (t) => {
    const atEnd = cleanups(t);
    const dataSource = new DataSource({ ...POSTGRES, port: await unusedPort() });
    await assert.rejects(dataSource.initialize(), /ECONNREFUSED/);
    const app = await appWith(typeormCheck('db', dataSource, { timeout: 2000 }), atEnd);
    const result = await component(app, 'db');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'TypeORM DataSource is not initialized');
  });

  it('is DOWN with the refusal when the server goes away after initializing', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(5432);
    const dataSource = await new DataSource({ ...POSTGRES, port: proxy.port }).initialize();
    atEnd(() => destroy(dataSource));
    const app = await appWith(typeormCheck('db', dataSource, { timeout: 2000 }), atEnd);
    await proxy.close();
    await assertDown(app, 'db', /ECONNREFUSED|terminated|closed/i);
  });

  it('is DOWN within its timeout when the server accepts and never answers (the DataSource is still initializing)', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const dataSource = new DataSource({ ...POSTGRES, port: stalled.port });
    const initializing = dataSource.initialize();
    initializing.catch(() => undefined);
    atEnd(() => initializing.then(destroy, () => undefined));
    atEnd(() => stalled.close());
    const app = await appWith(typeormCheck('db', () => initializing, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'db', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second query behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(5432);
    const dataSource = await new DataSource({ ...POSTGRES, port: proxy.port, poolSize: 1 }).initialize();
    atEnd(() => destroy(dataSource));
    atEnd(() => proxy.close());
    const app = await appWith(typeormCheck('db', dataSource, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'db', proxy, TIMEOUT, 'query');
  });
});
