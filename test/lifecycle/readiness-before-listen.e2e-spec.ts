import 'reflect-metadata';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { gate } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';
import { freePort } from '../support/free-port.js';


/** Asks `url` until it answers (the management port may not listen yet), within a deadline. */
async function answerOf(url: string): Promise<{ status: number; text: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Asks `url` until it answers `status`, within a deadline. */
async function eventually(url: string, status: number): Promise<{ status: number; text: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await answerOf(url);
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

onEachAdapter('readiness waits for the application to serve', (adapter) => {
  for (const worker of [true, false]) {
    it(`with a management port (${worker ? 'probe worker' : 'main thread'}), readiness and startup stay 503 until the application's own port listens`, async (t) => {
      const bootstrap = gate();
      @Injectable()
      class SlowBootstrap {
        // An application whose own bootstrap takes a while (a cache warm-up, a migration).
        onApplicationBootstrap(): Promise<void> {
          return bootstrap.promise;
        }
      }
      const port = await freePort();
      @Module({ imports: [ManagementModule.forRoot({ port, address: '127.0.0.1', probes: { worker } })], providers: [SlowBootstrap] })
      class AppModule {}
      const app = await NestFactory.create(AppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
      t.after(() => app.close());
      const listening = app.listen(0, '127.0.0.1');
      const management = `http://127.0.0.1:${port}/z/health`;

      // The management port answers while the application is still bootstrapping...
      assert.deepEqual(await answerOf(`${management}/readiness`), { status: 503, text: '{"status":"OUT_OF_SERVICE"}' });
      assert.deepEqual(await answerOf(`${management}/startup`), { status: 503, text: '{"status":"OUT_OF_SERVICE"}' });
      assert.deepEqual(await answerOf(`${management}/liveness`), { status: 200, text: '{"status":"UP"}' });

      // ...and readiness turns UP only once the application's port listens.
      bootstrap.open();
      await listening;
      assert.equal(app.get(ManagementServer).usesWorker, worker);
      assert.deepEqual(await eventually(`${management}/readiness`, 200), { status: 200, text: '{"status":"UP"}' });
      assert.deepEqual(await eventually(`${management}/startup`, 200), { status: 200, text: '{"status":"UP"}' });
    });
  }
});

it('an application without an HTTP server (createApplicationContext) is ready on its management port once init() is over', async (t) => {
  @Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] })
  class WorkerModule {}
  const context = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  t.after(() => context.close());
  await context.init();
  const url = context.get(ManagementServer).url;
  assert.deepEqual(await eventually(`${url}/z/health/readiness`, 200), { status: 200, text: '{"status":"UP"}' });
  assert.deepEqual(await eventually(`${url}/z/health/startup`, 200), { status: 200, text: '{"status":"UP"}' });
});
