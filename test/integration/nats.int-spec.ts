import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'nats';
import { natsCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const NATS_PORT = 4222;
const TIMEOUT = 300;
const servers = (port: number) => `127.0.0.1:${port}`;

describe('NATS indicator (nats)', () => {
  it('is UP against the live server, with the round trip and server version', async (t) => {
    const atEnd = cleanups(t);
    const connection = await connect({ servers: servers(NATS_PORT) });
    atEnd(() => connection.close());
    const app = await appWith(natsCheck('nats', connection, { timeout: 2000 }), atEnd);
    const result = await component(app, 'nats');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.rttMs, 'number');
    assert.equal(typeof result.details?.serverVersion, 'string');
  });

  it('is DOWN with the refusal when the server is unreachable (the connection is still being made)', async (t) => {
    const atEnd = cleanups(t);
    const connecting = connect({ servers: servers(await unusedPort()), reconnect: false });
    connecting.catch(() => undefined);
    const app = await appWith(natsCheck('nats', () => connecting, { timeout: 2000 }), atEnd);
    await assertDown(app, 'nats', /ECONNREFUSED|CONNECTION_REFUSED/);
  });

  it('is DOWN at once when the connection it was given is closed', async (t) => {
    const atEnd = cleanups(t);
    const connection = await connect({ servers: servers(NATS_PORT) });
    await connection.close();
    const app = await appWith(natsCheck('nats', connection, { timeout: 2000 }), atEnd);
    const result = await component(app, 'nats');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'NATS connection is closed');
  });

  it('is DOWN within its timeout when the server accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const connecting = connect({ servers: servers(stalled.port), reconnect: false, timeout: 10_000 });
    connecting.then((connection) => atEnd(() => connection.close()), () => undefined);
    atEnd(() => stalled.close());
    const app = await appWith(natsCheck('nats', () => connecting, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'nats', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second PING behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(NATS_PORT);
    const connection = await connect({ servers: servers(proxy.port), reconnect: false });
    atEnd(() => connection.close());
    atEnd(() => proxy.close());
    const app = await appWith(natsCheck('nats', connection, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'nats', proxy, TIMEOUT, 'PING');
  });
});
