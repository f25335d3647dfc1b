import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import amqplib from 'amqplib';
import { rabbitmqCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const RABBITMQ_PORT = 5672;
const TIMEOUT = 500;
const url = (port: number) => `amqp://guest:guest@127.0.0.1:${port}`;

/** Connects the way an application does, keeping errors from becoming unhandled. */
async function connect(port: number) {
  const connection = await amqplib.connect(url(port));
  connection.on('error', () => undefined);
  return connection;
}

describe('RabbitMQ indicator (amqplib)', () => {
  it('is UP against the live broker, with its version', async (t) => {
    const atEnd = cleanups(t);
    const connection = await connect(RABBITMQ_PORT);
    atEnd(() => connection.close());
    const app = await appWith(rabbitmqCheck('broker', connection, { timeout: 2000 }), atEnd);
    const result = await component(app, 'broker');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
    assert.equal(typeof result.details?.serverVersion, 'string');
  });

  it('is DOWN with the refusal when the broker is unreachable (the connection is still being made)', async (t) => {
    const atEnd = cleanups(t);
    const connecting = connect(await unusedPort());
    connecting.catch(() => undefined);
    const app = await appWith(rabbitmqCheck('broker', () => connecting, { timeout: 2000 }), atEnd);
    await assertDown(app, 'broker', /ECONNREFUSED/);
  });

  it('is DOWN when the connection it was given has closed', async (t) => {
    const atEnd = cleanups(t);
    const connection = await connect(RABBITMQ_PORT);
    await connection.close();
    const app = await appWith(rabbitmqCheck('broker', connection, { timeout: 2000 }), atEnd);
    await assertDown(app, 'broker', /closed|closing/i);
  });

  it('is DOWN within its timeout when the broker accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const connecting = connect(stalled.port);
    connecting.then((connection) => atEnd(() => connection.close()), () => undefined);
    atEnd(() => stalled.close());
    const app = await appWith(rabbitmqCheck('broker', () => connecting, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'broker', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and opens no second channel behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(RABBITMQ_PORT);
    const connection = await connect(proxy.port);
    atEnd(() => proxy.close());
    const app = await appWith(rabbitmqCheck('broker', connection, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'broker', proxy, TIMEOUT, 'channel open');
  });
});
