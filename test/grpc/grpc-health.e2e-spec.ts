import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Controller, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { GrpcMethod, Transport } from '@nestjs/microservices';
import type { AsyncMicroserviceOptions, MicroserviceOptions } from '@nestjs/microservices';
import { GrpcHealth, HealthError, ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { freePort } from '../support/free-port.js';
import { GREETER_PROTO, HEALTH_CLIENT_KINDS, healthClient } from '../support/grpc-health-client.js';
import type { HealthClient } from '../support/grpc-health-client.js';
import { ADAPTERS } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

@Controller()
class GreeterController {
  @GrpcMethod('Greeter', 'Hello')
  hello({ name }: { name: string }): { message: string } {
    return { message: `Hello, ${name}` };
  }
}

/** A check the test turns DOWN and UP, run in the background so that watchers see each result. */
function switchable() {
  const state = { up: true };
  const provider = healthCheckProvider(
    'switch',
    () => {
      if (!state.up) throw new HealthError('switched off');
    },
    { groups: ['readiness', 'payments'], ttl: 0, interval: 50 },
  );
  return { state, provider };
}

interface HybridApp {
  readonly app: INestApplication;
  readonly httpUrl: string;
  readonly grpcAddress: string;
}

/** An HTTP application with the gRPC microservice connected (hybrid), the health service added by its one option. */
async function startHybrid(adapter: AdapterName, providers: unknown[], options: ManagementModuleOptions = {}): Promise<HybridApp> {
  @Module({ imports: [ManagementModule.forRoot(options)], controllers: [GreeterController], providers: providers as never[] })
  class HybridModule {}
  const app = await NestFactory.create(HybridModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false, abortOnError: false });
  const grpcAddress = `127.0.0.1:${await freePort()}`;
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: { package: 'greeter', protoPath: GREETER_PROTO, url: grpcAddress, onLoadPackageDefinition: app.get(GrpcHealth).onLoadPackageDefinition },
  });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return { app, httpUrl: await app.getUrl(), grpcAddress };
}

const httpStatus = async (url: string) => (await fetch(url)).status;

for (const adapter of ADAPTERS) {
  describe(`grpc.health.v1.Health on the application's gRPC microservice (${adapter})`, () => {
    const { state, provider } = switchable();
    const steady = healthCheckProvider('steady', () => true, { groups: ['liveness'] });
    let hybrid: HybridApp;
    const clients: HealthClient[] = [];

    before(async () => {
      hybrid = await startHybrid(adapter, [provider, steady]);
    });
    after(async () => {
      for (const client of clients) client.close();
      await hybrid.app.close();
    });

    for (const kind of HEALTH_CLIENT_KINDS) {
      it(`answers Check for "", each probe group, a group, a check name and NOT_FOUND for an unknown name (${kind} client)`, async () => {
        state.up = true;
        const client = healthClient(kind, hybrid.grpcAddress);
        clients.push(client);
        await waitUntil('readiness SERVING', () => client.check('readiness'), (status) => status === 'SERVING');
        for (const service of ['', 'liveness', 'readiness', 'startup', 'payments', 'switch', 'steady']) {
          assert.equal(await client.check(service), 'SERVING', `service '${service}'`);
        }
        await assert.rejects(client.check('no-such-check'), (error: grpc.ServiceError) => error.code === grpc.status.NOT_FOUND);
        state.up = false;
        await waitUntil('the check DOWN', () => client.check('switch'), (status) => status === 'NOT_SERVING');
        for (const service of ['', 'readiness', 'payments']) {
          assert.equal(await client.check(service), 'NOT_SERVING', `service '${service}' with the check DOWN`);
        }
        assert.equal(await client.check('liveness'), 'SERVING');
        assert.equal(await client.check('steady'), 'SERVING');
        state.up = true;
        await waitUntil('"" SERVING again', () => client.check(''), (status) => status === 'SERVING');
      });

      it(`Watch sends the current status, then a check going DOWN and UP, and SERVICE_UNKNOWN for an unknown name (${kind} client)`, async () => {
        state.up = true;
        const client = healthClient(kind, hybrid.grpcAddress);
        clients.push(client);
        await waitUntil('switch SERVING', () => client.check('switch'), (status) => status === 'SERVING');
        const watch = client.watch('switch');
        const unknown = client.watch('no-such-check');
        await waitUntil('the first status', async () => watch.statuses.length, (count) => count === 1);
        assert.deepEqual(watch.statuses, ['SERVING']);
        state.up = false;
        await waitUntil('NOT_SERVING', async () => watch.statuses.at(-1), (status) => status === 'NOT_SERVING');
        state.up = true;
        await waitUntil('SERVING again', async () => watch.statuses.at(-1), (status) => status === 'SERVING');
        assert.deepEqual(watch.statuses, ['SERVING', 'NOT_SERVING', 'SERVING']);
        await waitUntil('SERVICE_UNKNOWN', async () => unknown.statuses, (statuses) => statuses.length === 1);
        assert.deepEqual(unknown.statuses, ['SERVICE_UNKNOWN']);
        assert.equal(unknown.ended, false, 'an unknown name does not end the stream');
        watch.cancel();
        unknown.cancel();
      });
    }

    it('List names "", every group and every check', async () => {
      state.up = true;
      const client = healthClient('grpc-health-check', hybrid.grpcAddress);
      clients.push(client);
      await waitUntil('readiness SERVING', () => client.check('readiness'), (status) => status === 'SERVING');
      const statuses = await client.list();
      assert.deepEqual(Object.keys(statuses).sort(), ['', 'liveness', 'payments', 'readiness', 'startup', 'steady', 'switch']);
      assert.equal(statuses.switch, 'SERVING');
    });

    it('HTTP and gRPC answer from the same results', async () => {
      const client = healthClient('health.proto', hybrid.grpcAddress);
      clients.push(client);
      // The check runs in the background: both protocols read its latest result.
      state.up = false;
      await waitUntil('HTTP readiness 503', () => httpStatus(`${hybrid.httpUrl}/z/health/readiness`), (status) => status === 503);
      assert.equal(await client.check('readiness'), 'NOT_SERVING');
      assert.equal(await httpStatus(`${hybrid.httpUrl}/z/health/switch`), 503);
      assert.equal(await client.check('switch'), 'NOT_SERVING');
      state.up = true;
      await waitUntil('gRPC readiness SERVING', () => client.check('readiness'), (status) => status === 'SERVING');
      assert.equal(await httpStatus(`${hybrid.httpUrl}/z/health/readiness`), 200);
      assert.equal(await httpStatus(`${hybrid.httpUrl}/z/health/switch`), 200);
    });

    it("the application's own gRPC service still answers beside the health service", async () => {
      const Greeter = grpc.makeGenericClientConstructor(
        {
          Hello: {
            path: '/greeter.Greeter/Hello',
            requestStream: false,
            responseStream: false,
            requestSerialize: (value: Buffer) => value,
            requestDeserialize: (value: Buffer) => value,
            responseSerialize: (value: Buffer) => value,
            responseDeserialize: (value: Buffer) => value,
          },
        },
        'Greeter',
      );
      const greeter = new Greeter(hybrid.grpcAddress, grpc.credentials.createInsecure()) as unknown as {
        Hello(request: Buffer, callback: (error: Error | null, response: Buffer) => void): void;
        close(): void;
      };
      // HelloRequest { name = "you" }, written out: field 1, length 3.
      const reply = await new Promise<Buffer>((resolve, reject) => greeter.Hello(Buffer.from([0x0a, 3, 0x79, 0x6f, 0x75]), (error, response) => (error ? reject(error) : resolve(response))));
      greeter.close();
      assert.equal(reply.subarray(2).toString('utf8'), 'Hello, you');
    });
  });
}

describe('draining on the gRPC microservice', () => {
  for (const adapter of ADAPTERS) {
    it(`readiness and "" turn NOT_SERVING while the application drains, before the gRPC server closes (${adapter})`, async () => {
      const hybrid = await startHybrid(adapter, [], { drainDelay: 1_500 });
      const client = healthClient('grpc-health-check', hybrid.grpcAddress);
      try {
        await waitUntil('readiness SERVING', () => client.check('readiness'), (status) => status === 'SERVING');
        const watch = client.watch('');
        await waitUntil('the first status', async () => watch.statuses.length, (count) => count === 1);
        const closed = hybrid.app.close();
        await waitUntil('readiness NOT_SERVING', () => client.check('readiness'), (status) => status === 'NOT_SERVING');
        assert.equal(await client.check(''), 'NOT_SERVING');
        assert.equal(await client.check('liveness'), 'SERVING', 'liveness stays SERVING while draining');
        await waitUntil('the watcher sees the drain', async () => watch.statuses, (statuses) => statuses.at(-1) === 'NOT_SERVING');
        await closed;
        await assert.rejects(client.check('readiness'), (error: grpc.ServiceError) => error.code === grpc.status.UNAVAILABLE);
      } finally {
        client.close();
      }
    });
  }
});

describe('grpc.health.v1.Health on a standalone gRPC microservice', () => {
  it('is added through the async options, which inject GrpcHealth', async () => {
    const steady = healthCheckProvider('steady', () => true, { groups: ['readiness'] });
    @Module({ imports: [ManagementModule.forRoot()], controllers: [GreeterController], providers: [steady] })
    class StandaloneModule {}
    const url = `127.0.0.1:${await freePort()}`;
    const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(StandaloneModule, {
      useFactory: (health: GrpcHealth) => ({
        transport: Transport.GRPC,
        options: { package: 'greeter', protoPath: GREETER_PROTO, url, onLoadPackageDefinition: health.onLoadPackageDefinition },
      }),
      inject: [GrpcHealth],
      logger: false,
    });
    await app.listen();
    const client = healthClient('health.proto', url);
    try {
      assert.equal(await waitUntil('"" SERVING', () => client.check(''), (status) => status === 'SERVING'), 'SERVING');
      assert.equal(await client.check('steady'), 'SERVING');
      await assert.rejects(client.check('no-such-check'), (error: grpc.ServiceError) => error.code === grpc.status.NOT_FOUND);
    } finally {
      client.close();
      await app.close();
    }
  });
});

describe('open Watch streams and a graceful shutdown', () => {
  it("a gRPC server with gracefulShutdown closes although a Watch is open: the health service ends its streams", { timeout: 30_000 }, async () => {
    @Module({ imports: [ManagementModule.forRoot()], controllers: [GreeterController] })
    class GracefulModule {}
    const url = `127.0.0.1:${await freePort()}`;
    const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(GracefulModule, {
      useFactory: (health: GrpcHealth) => ({
        transport: Transport.GRPC,
        options: { package: 'greeter', protoPath: GREETER_PROTO, url, gracefulShutdown: true, onLoadPackageDefinition: health.onLoadPackageDefinition },
      }),
      inject: [GrpcHealth],
      logger: false,
    });
    await app.listen();
    const client = healthClient('grpc-health-check', url);
    try {
      const watch = client.watch('liveness');
      await waitUntil('the first status', async () => watch.statuses.length, (count) => count === 1);
      await app.close();
      await waitUntil('the stream ended', async () => watch.ended, (ended) => ended);
    } finally {
      client.close();
    }
  });
});
