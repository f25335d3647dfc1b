import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { mqttCheck } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const MQTT_PORT = 1883;
const TIMEOUT = 300;

function client(port: number): MqttClient {
  const created = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 200, connectTimeout: 10_000 });
  created.on('error', () => undefined);
  return created;
}

async function connected(created: MqttClient): Promise<void> {
  if (!created.connected) await new Promise((resolve) => created.once('connect', resolve));
}

describe('MQTT indicator (mqtt)', () => {
  it('is UP against the live broker', async (t) => {
    const atEnd = cleanups(t);
    const mqttClient = client(MQTT_PORT);
    atEnd(() => mqttClient.endAsync(true));
    await connected(mqttClient);
    const app = await appWith(mqttCheck('mqtt', mqttClient, { timeout: 2000 }), atEnd);
    const result = await component(app, 'mqtt');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN at once, without queueing a packet, while the broker is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const mqttClient = client(await unusedPort());
    atEnd(() => mqttClient.endAsync(true));
    const app = await appWith(mqttCheck('mqtt', mqttClient, { timeout: 2000 }), atEnd);
    await assertDown(app, 'mqtt', /^MQTT connection is not ready \((disconnected|reconnecting)\)$/);
  });

  it('is DOWN when the broker accepts and never acknowledges the connection', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const mqttClient = client(stalled.port);
    atEnd(() => mqttClient.endAsync(true));
    atEnd(() => stalled.close());
    const app = await appWith(mqttCheck('mqtt', mqttClient, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'mqtt', /^MQTT connection is not ready \((disconnected|reconnecting)\)$/);
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second packet behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(MQTT_PORT);
    const mqttClient = client(proxy.port);
    atEnd(() => mqttClient.endAsync(true));
    atEnd(() => proxy.close());
    await connected(mqttClient);
    const app = await appWith(mqttCheck('mqtt', mqttClient, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'mqtt', proxy, TIMEOUT, 'UNSUBSCRIBE');
  });
});
