import 'reflect-metadata';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientsModule, MessagePattern, Transport } from '@nestjs/microservices';
import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { HealthCheck, ManagementModule, ManagementServer } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { waitUntil } from '../support/wait-until.js';
import { freePort } from '../support/free-port.js';


@Controller()
class PingController {
  @MessagePattern('ping')
  ping(): string {
    return 'pong';
  }
}

/** A check that asks the application's own transport: it can only pass once the transport listens. */
function selfCheck(failures: string[]) {
  @HealthCheck('self', { groups: ['readiness'] })
  @Injectable()
  class SelfCheck {
    constructor(@Inject('SELF') private readonly client: ClientProxy) {}

    async check(): Promise<void> {
      try {
        assert.equal(await firstValueFrom(this.client.send('ping', {}).pipe(timeout(500))), 'pong');
      } catch (error) {
        failures.push((error as Error).message);
        throw error;
      }
    }
  }
  return SelfCheck;
}

function moduleFor(transportPort: number, management: { port?: number; address?: string }, failures: string[]) {
  @Module({
    imports: [
      ManagementModule.forRoot(management),
      ClientsModule.register([{ name: 'SELF', transport: Transport.TCP, options: { host: '127.0.0.1', port: transportPort } }]),
    ],
    controllers: [PingController],
    providers: [selfCheck(failures)],
  })
  class MicroserviceModule {}
  return MicroserviceModule;
}

it("a TCP microservice runs its start-up checks once its transport listens: never DOWN at boot", async (t) => {
  const failures: string[] = [];
  const transportPort = await freePort();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(moduleFor(transportPort, { port: 0, address: '127.0.0.1' }, failures), {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: transportPort },
    logger: false,
  });
  t.after(() => app.close());
  await app.listen();
  const url = app.get(ManagementServer).url!;
  // Ready as soon as the first check has run (a failure at boot would have kept it 503 for the 9 s failure cache).
  const readiness = await waitUntil('readiness 200', () => fetch(`${url}/z/health/readiness`), (response) => response.status === 200);
  assert.equal(await readiness.text(), '{"status":"UP"}');
  assert.equal((await fetch(`${url}/z/health`)).status, 200);
  assert.deepEqual(failures, [], 'the check never ran before the transport listened');
});

it('a microservice without a management port says once that nothing serves the endpoints', async (t) => {
  const log = capturingLogger();
  const transportPort = await freePort();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(moduleFor(transportPort, {}, []), {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: transportPort },
    logger: log.logger,
  });
  t.after(() => app.close());
  await app.listen();
  const lines = log.messages.filter((line) => line.includes('Nothing serves the management endpoints'));
  assert.equal(lines.length, 1, log.messages.join('\n'));
  assert.match(lines[0]!, /^warn .*port.*9000/);
});

it('a hybrid HTTP + TCP application starts its checks once startAllMicroservices() has the transport listening', async (t) => {
  const failures: string[] = [];
  const transportPort = await freePort();
  const app = await NestFactory.create(moduleFor(transportPort, {}, failures), { logger: false });
  t.after(() => app.close());
  app.connectMicroservice<MicroserviceOptions>({ transport: Transport.TCP, options: { host: '127.0.0.1', port: transportPort } });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const readiness = await fetch(`${base}/z/health/readiness`);
  assert.equal(readiness.status, 200, await readiness.text());
  assert.deepEqual(failures, []);
});
