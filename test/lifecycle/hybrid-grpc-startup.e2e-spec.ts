import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Transport } from '@nestjs/microservices';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ManagementModule } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { freePort } from '../support/free-port.js';
import { GREETER_PROTO } from '../support/grpc-health-client.js';
import { ADAPTERS } from '../support/test-app.js';

for (const adapter of ADAPTERS) {
  describe(`a hybrid HTTP and gRPC application started as Nest's docs do (${adapter})`, () => {
    it('has finished start-up as soon as listen() returns, and counts no transport as silent', async () => {
      @Module({ imports: [ManagementModule.forRoot()] })
      class HybridModule {}
      const { logger, messages } = capturingLogger();
      const app = await NestFactory.create(HybridModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger, abortOnError: false });
      app.connectMicroservice<MicroserviceOptions>({
        transport: Transport.GRPC,
        options: { package: 'greeter', protoPath: GREETER_PROTO, url: `127.0.0.1:${await freePort()}` },
      });
      try {
        // startAllMicroservices() before listen(): the gRPC server listens before the module's bootstrap.
        await app.startAllMicroservices();
        await app.listen(0, '127.0.0.1');
        const startup = await fetch(`${await app.getUrl()}/z/health/startup`);
        assert.equal(startup.status, 200);
        assert.deepEqual(await startup.json(), { status: 'UP' });
        assert.deepEqual(messages.filter((message) => /has not said that it listens/.test(message)), []);
      } finally {
        await app.close();
      }
    });
  });
}
