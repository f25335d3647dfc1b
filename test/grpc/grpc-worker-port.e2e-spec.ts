import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { HealthError, ManagementModule, ManagementServer } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { HEALTH_CLIENT_KINDS, healthClient } from '../support/grpc-health-client.js';
import type { HealthClient } from '../support/grpc-health-client.js';
import { startManagementChildApp } from '../support/management-child-app.js';
import { startApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

describe("grpc.health.v1.Health on the probe worker's gRPC port", () => {
  const state = { up: true };
  const switchCheck = healthCheckProvider(
    'switch',
    () => {
      if (!state.up) throw new HealthError('switched off');
    },
    { groups: ['readiness', 'payments'], ttl: 0, interval: 50 },
  );
  let app: TestApp;
  let address: string;
  const clients: HealthClient[] = [];

  before(async () => {
    app = await startApp('express', {
      imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc: { port: 0, address: '127.0.0.1' } })],
      providers: [switchCheck],
    });
    address = app.app.get(ManagementServer).grpcAddress!;
  });
  after(async () => {
    for (const client of clients) client.close();
    await app.close();
  });

  for (const kind of HEALTH_CLIENT_KINDS) {
    it(`answers Check for "", the groups and a check, NOT_FOUND for an unknown name, and Watch follows a check DOWN and UP (${kind} client)`, async () => {
      const client = healthClient(kind, address);
      clients.push(client);
      state.up = true;
      await waitUntil('"" SERVING', () => client.check(''), (status) => status === 'SERVING');
      for (const service of ['liveness', 'readiness', 'startup', 'payments', 'switch']) {
        assert.equal(await client.check(service), 'SERVING', `service '${service}'`);
      }
      await assert.rejects(client.check('no-such-check'), (error: grpc.ServiceError) => error.code === grpc.status.NOT_FOUND);
      const watch = client.watch('switch');
      await waitUntil('the first status', async () => watch.statuses.length, (count) => count === 1);
      state.up = false;
      await waitUntil('NOT_SERVING', async () => watch.statuses.at(-1), (status) => status === 'NOT_SERVING');
      assert.equal(await client.check('readiness'), 'NOT_SERVING');
      assert.equal(await client.check(''), 'NOT_SERVING');
      assert.equal(await client.check('liveness'), 'SERVING');
      state.up = true;
      await waitUntil('SERVING again', async () => watch.statuses.at(-1), (status) => status === 'SERVING');
      assert.deepEqual(watch.statuses, ['SERVING', 'NOT_SERVING', 'SERVING']);
      watch.cancel();
      assert.deepEqual(Object.keys(await client.list()).sort(), ['', 'liveness', 'payments', 'readiness', 'startup', 'switch']);
    });
  }
});

/** A gRPC Check as the kubelet makes it: anything but an answer within 1 s is a failure. */
async function probe(client: HealthClient, service: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer within 1 s'), 1_000)));
  try {
    return await Promise.race([client.check(service).catch((error: grpc.ServiceError) => `error ${error.code}`), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function startBusyGrpcApp(t: TestContext, stallLimit: number): Promise<{ url: string; client: HealthClient }> {
  const app = await startManagementChildApp('busy-app', { ADAPTER: 'express', STALL_LIMIT: String(stallLimit), GRPC: '1' });
  t.after(() => app.stop());
  const address = /grpc (\S+)/.exec(app.printed())![1]!;
  const client = healthClient('grpc-health-check', address);
  t.after(() => client.close());
  await waitUntil('readiness SERVING', () => probe(client, 'readiness'), (status) => status === 'SERVING');
  return { url: app.url, client };
}

describe("the worker's gRPC port and a blocked main event loop", () => {
  it('answers liveness and readiness SERVING while the main thread is blocked for less than stallLimit', { timeout: 30_000 }, async (t) => {
    const { url, client } = await startBusyGrpcApp(t, 10_000);
    const blocked = fetch(`${url}/block?ms=2000`).then((response) => response.json());
    await waitUntil('the main thread is blocked', async () => fetch(`${url}/executions`, { signal: AbortSignal.timeout(100) }).then(() => false, () => true), (isBlocked) => isBlocked);
    assert.equal(await probe(client, 'liveness'), 'SERVING');
    assert.equal(await probe(client, 'readiness'), 'SERVING');
    assert.equal(await probe(client, ''), 'SERVING');
    assert.deepEqual(await blocked, { blocked: 2000 });
  });

  it('turns liveness, readiness and "" NOT_SERVING once the main thread is stalled past stallLimit, and a watcher sees it and the recovery', { timeout: 30_000 }, async (t) => {
    const { url, client } = await startBusyGrpcApp(t, 1_000);
    const watch = client.watch('liveness');
    await waitUntil('the first status', async () => watch.statuses.length, (count) => count === 1);
    const blocked = fetch(`${url}/block?ms=3000`).then((response) => response.json());
    await waitUntil('liveness NOT_SERVING', () => probe(client, 'liveness'), (status) => status === 'NOT_SERVING', { every: 20 });
    assert.equal(await probe(client, 'readiness'), 'NOT_SERVING');
    assert.equal(await probe(client, ''), 'NOT_SERVING');
    assert.deepEqual(await blocked, { blocked: 3000 });
    await waitUntil('liveness SERVING again', () => probe(client, 'liveness'), (status) => status === 'SERVING');
    await waitUntil('the watcher saw both', async () => watch.statuses, (statuses) => statuses.join() === 'SERVING,NOT_SERVING,SERVING');
    watch.cancel();
  });
});

const flags = process.allowedNodeEnvironmentFlags;
/** Node's permission model with everything the application needs but worker threads. */
const WITHOUT_WORKERS = [
  flags.has('--permission') ? '--permission' : '--experimental-permission',
  '--allow-fs-read=*',
  ...(flags.has('--allow-net') ? ['--allow-net'] : []),
];

describe('the gRPC health port without its worker', () => {
  it('where worker threads are forbidden, the main thread serves the gRPC port', { timeout: 30_000 }, async (t) => {
    const app = await startManagementChildApp('busy-app', { ADAPTER: 'express', GRPC: '1', NO_COLOR: '1' }, { execArgv: WITHOUT_WORKERS });
    t.after(() => app.stop());
    assert.equal(app.usesWorker, false);
    const client = healthClient('health.proto', /grpc (\S+)/.exec(app.printed())![1]!);
    t.after(() => client.close());
    assert.equal(await waitUntil('readiness SERVING', () => client.check('readiness'), (status) => status === 'SERVING'), 'SERVING');
    assert.equal(await client.check('liveness'), 'SERVING');
  });

  it('if the worker thread dies, the main thread serves the same gRPC port from then on', async () => {
    const app = await startApp('express', { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc: { port: 0, address: '127.0.0.1' } })] });
    const server = app.app.get(ManagementServer);
    const address = server.grpcAddress!;
    const client = healthClient('grpc-health-check', address);
    try {
      await waitUntil('readiness SERVING from the worker', () => client.check('readiness'), (status) => status === 'SERVING');
      // Simulates a crash of the thread (reaching into the server: nothing public kills it).
      const thread = (server as unknown as { worker: { worker: { terminate(): Promise<number> } } }).worker.worker;
      await thread.terminate();
      await waitUntil('the main thread serves the ports', async () => !server.usesWorker && server.grpcAddress !== undefined, (taken) => taken);
      assert.equal(server.grpcAddress, address, 'the same address');
      await waitUntil('readiness SERVING from the main thread', () => client.check('readiness').catch(() => 'no answer'), (status) => status === 'SERVING');
      assert.equal(await client.check('liveness'), 'SERVING');
    } finally {
      client.close();
      await app.close();
    }
  });

  it('a gRPC port already taken stops start-up, naming the gRPC port', async () => {
    const taken = portHolder();
    const port = await taken.listening;
    try {
      await assert.rejects(
        startApp('express', { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc: { port, address: '127.0.0.1' } })] }),
        /gRPC health port/,
      );
    } finally {
      taken.server.forceShutdown();
    }
  });
});

/** A plain gRPC server holding a loopback port. */
function portHolder(): { server: grpc.Server; listening: Promise<number> } {
  const server = new grpc.Server();
  const listening = new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
  return { server, listening };
}
