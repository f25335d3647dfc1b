import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Transport } from '@nestjs/microservices';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { GrpcHealth, HealthRegistry, ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { freePort } from '../support/free-port.js';
import { GREETER_PROTO, healthClient } from '../support/grpc-health-client.js';
import type { HealthClient } from '../support/grpc-health-client.js';
import { waitUntil } from '../support/wait-until.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A hybrid HTTP + gRPC application serving the health service in both places: on its own gRPC
 * server (`GrpcHealth`) and on the probe worker's gRPC port (`grpc.port`).
 */
async function startBoth(options: ManagementModuleOptions) {
  @Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc: { port: 0, address: '127.0.0.1' }, ...options })] })
  class BothModule {}
  const app = await NestFactory.create(BothModule, new ExpressAdapter(), { logger: false, abortOnError: false });
  const appAddress = `127.0.0.1:${await freePort()}`;
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: { package: 'greeter', protoPath: GREETER_PROTO, url: appAddress, onLoadPackageDefinition: app.get(GrpcHealth).onLoadPackageDefinition },
  });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const places = { "the application's gRPC server": appAddress, "the worker's gRPC port": app.get(ManagementServer).grpcAddress! };
  const clients = Object.entries(places).map(([where, address]) => ({ where, client: healthClient('grpc-health-check', address) }));
  const closeClients = () => clients.forEach(({ client }) => client.close());
  return { app, clients, closeClients };
}

const serving = (client: HealthClient, service: string) =>
  waitUntil(`'${service}' SERVING`, () => client.check(service), (status) => status === 'SERVING');

describe('a Watch on a name no check has yet', () => {
  it('gets SERVICE_UNKNOWN, stays open, follows a check registered later under that name, and gets SERVICE_UNKNOWN again once it is removed', async () => {
    const { app, clients, closeClients } = await startBoth({});
    try {
      for (const { client } of clients) await serving(client, 'readiness');
      const watches = clients.map(({ where, client }) => ({ where, watch: client.watch('late') }));
      for (const { where, watch } of watches) {
        await waitUntil(`SERVICE_UNKNOWN on ${where}`, async () => watch.statuses, (statuses) => statuses.length === 1);
        assert.deepEqual(watch.statuses, ['SERVICE_UNKNOWN'], where);
      }
      const registry = app.get(HealthRegistry);
      registry.register({ name: 'late', check: () => true, interval: 50 });
      for (const { where, watch } of watches) {
        await waitUntil(`SERVING on ${where}`, async () => watch.statuses.at(-1), (status) => status === 'SERVING');
        assert.equal(watch.ended, false, `${where}: the stream stayed open`);
      }
      for (const { where, client } of clients) assert.equal(await client.check('late'), 'SERVING', where);
      registry.remove('late');
      for (const { where, watch } of watches) {
        await waitUntil(`SERVICE_UNKNOWN again on ${where}`, async () => watch.statuses.at(-1), (status) => status === 'SERVICE_UNKNOWN');
        assert.equal(watch.ended, false, `${where}: the stream stayed open`);
        watch.cancel();
      }
      for (const { where, client } of clients) {
        await assert.rejects(client.check('late'), (error: grpc.ServiceError) => error.code === grpc.status.NOT_FOUND, where);
      }
    } finally {
      closeClients();
      await app.close();
    }
  });
});

describe('a Watch runs no check', () => {
  it("on either server, a Watch on a check that nothing else runs never runs it (a Check does)", async () => {
    const { app, clients, closeClients } = await startBoth({});
    try {
      for (const { client } of clients) await serving(client, 'readiness');
      let runs = 0;
      // Expired at once, never run in the background: after its first run, only a Check (or a probe) runs it.
      app.get(HealthRegistry).register({ name: 'on-demand', check: () => void runs++, ttl: 0 });
      const watches = clients.map(({ where, client }) => ({ where, watch: client.watch('on-demand') }));
      // Registering runs it once; its result then expires at once.
      for (const { where, watch } of watches) await waitUntil(`SERVING on ${where}`, async () => watch.statuses.at(-1), (status) => status === 'SERVING');
      const runsBefore = runs;
      // Longer than the worker's refresh retry (1 s) and several of its stall rounds (0.5 s).
      await sleep(1_500);
      assert.equal(runs, runsBefore, 'no run for the watchers');
      for (const { watch } of watches) watch.cancel();
      for (const { where, client } of clients) {
        const before = runs;
        await waitUntil(`a Check on ${where} runs it`, async () => (await client.check('on-demand'), runs), (count) => count > before);
      }
    } finally {
      closeClients();
      await app.close();
    }
  });
});

describe("draining, on the application's gRPC server and the worker's gRPC port", () => {
  it('turns readiness and "" NOT_SERVING (liveness stays SERVING) before either closes, and ends the open Watch streams', { timeout: 30_000 }, async () => {
    const { app, clients, closeClients } = await startBoth({ drainDelay: 1_500 });
    try {
      for (const { client } of clients) await serving(client, '');
      const watches = clients.map(({ where, client }) => ({ where, watch: client.watch('') }));
      for (const { where, watch } of watches) await waitUntil(`the first status on ${where}`, async () => watch.statuses.length, (count) => count === 1);
      const closed = app.close();
      for (const { where, client } of clients) {
        await waitUntil(`readiness NOT_SERVING on ${where}`, () => client.check('readiness'), (status) => status === 'NOT_SERVING');
        assert.equal(await client.check(''), 'NOT_SERVING', `"" on ${where}`);
        assert.equal(await client.check('liveness'), 'SERVING', `liveness on ${where} while draining`);
      }
      for (const { where, watch } of watches) {
        await waitUntil(`the watcher on ${where} sees the drain`, async () => watch.statuses.at(-1), (status) => status === 'NOT_SERVING');
      }
      await closed;
      for (const { where, watch } of watches) {
        await waitUntil(`the Watch on ${where} ended`, async () => watch.ended, (ended) => ended);
        assert.deepEqual(watch.statuses, ['SERVING', 'NOT_SERVING'], where);
      }
      for (const { where, client } of clients) {
        await assert.rejects(client.check('readiness'), (error: grpc.ServiceError) => error.code === grpc.status.UNAVAILABLE, `${where} closed`);
      }
    } finally {
      closeClients();
    }
  });
});

/** A standalone gRPC microservice with shutdown hooks, in a process of its own: it prints its address, then waits for a signal. */
const STANDALONE = (library: string, support: string) => `
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
const { GrpcHealth, ManagementModule } = await import(${JSON.stringify(library)});
const { GREETER_PROTO } = await import(${JSON.stringify(support)});
class StandaloneModule {}
Module({ imports: [ManagementModule.forRoot({ drainDelay: 1500 })] })(StandaloneModule);
const url = '127.0.0.1:' + process.argv[2];
const app = await NestFactory.createMicroservice(StandaloneModule, {
  useFactory: (health) => ({ transport: Transport.GRPC, options: { package: 'greeter', protoPath: GREETER_PROTO, url, onLoadPackageDefinition: health.onLoadPackageDefinition } }),
  inject: [GrpcHealth],
  logger: false,
});
app.enableShutdownHooks();
await app.listen();
console.log('listening ' + url);
`;

describe('a standalone gRPC microservice and SIGTERM', () => {
  it('drains on its own gRPC server: readiness NOT_SERVING, liveness SERVING, before the server closes', { timeout: 30_000 }, async (t) => {
    const here = dirname(fileURLToPath(import.meta.url));
    const script = join(here, `standalone-sigterm-${process.pid}.mjs`);
    writeFileSync(script, STANDALONE(fileURLToPath(new URL('../../src/index.js', import.meta.url)), fileURLToPath(new URL('../support/grpc-health-client.js', import.meta.url))));
    t.after(() => rmSync(script, { force: true }));
    const child = spawn(process.execPath, [script, String(await freePort())], { stdio: ['ignore', 'pipe', 'inherit'] });
    t.after(() => child.kill('SIGKILL'));
    const [printed] = (await once(child.stdout!, 'data')) as [Buffer];
    const client = healthClient('grpc-health-check', /listening (\S+)/.exec(printed.toString())![1]!);
    t.after(() => client.close());
    await serving(client, 'readiness');
    child.kill('SIGTERM');
    await waitUntil('readiness NOT_SERVING', () => client.check('readiness'), (status) => status === 'NOT_SERVING');
    assert.equal(await client.check(''), 'NOT_SERVING');
    assert.equal(await client.check('liveness'), 'SERVING', 'liveness stays SERVING while draining');
    await once(child, 'exit');
    await assert.rejects(client.check('readiness'), (error: grpc.ServiceError) => error.code === grpc.status.UNAVAILABLE);
  });
});
