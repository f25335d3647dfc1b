import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { countingCheck, healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import { capturingLogger } from '../support/capturing-logger.js';

onEachAdapter('separate management port', (adapter) => {
  it('serves the endpoints on their own port, outside the application middleware, and not on the main port', async (t) => {
    const app = await startApp(
      adapter,
      {
        imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', version: '7.0.0' })],
        providers: [healthCheckProvider('db', () => true)],
      },
      {
        // The application's own middleware: refuses everything without an API key.
        configure: (nest) =>
          nest.use((request: { headers: Record<string, unknown> }, response: { statusCode: number; end(): void }, next: () => void) => {
            if (request.headers['x-api-key']) return next();
            response.statusCode = 401;
            response.end();
          }),
      },
    );
    t.after(() => app.close());
    const url = app.app.get(ManagementServer).url;
    assert.match(String(url), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(url, app.baseUrl);

    const health = await fetch(`${url}/z/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'UP', components: { db: { status: 'UP' } }, groups: ['liveness', 'readiness', 'startup'] });
    assert.equal(await (await fetch(`${url}/z/version`)).text(), '7.0.0');
    assert.equal((await app.request('/z/health')).status, 401, 'the main port only has the application');
    assert.equal((await app.request('/z/health', { headers: { 'x-api-key': 'k' } })).status, 404);
  });

  it('the management port closes with the application', async () => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] });
    const url = app.app.get(ManagementServer).url;
    assert.equal((await fetch(`${url}/z/health/liveness`)).status, 200);
    await app.close();
    await assert.rejects(fetch(`${url}/z/health/liveness`));
  });

  for (const worker of [true, false]) {
    const server = worker ? 'the probe worker' : 'the main-thread server';
    it(`a management port served by ${server} leaves the application's own logger alone`, async (t) => {
      const { logger, messages } = capturingLogger();
      const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', probes: { worker } })] }, { logger });
      t.after(() => app.close());
      new Logger('Orders').log('order 42 placed');
      assert.ok(messages.includes('log order 42 placed'), "the application's Logger.log() still prints");
      assert.ok(messages.includes('log Nest application successfully started'), "Nest's own start-up line still prints");
      assert.equal(messages.filter((message) => message.endsWith('successfully started')).length, 1, 'no second Nest application starts');
    });
  }

  it('a management port that is taken stops start-up with the address error, worker or not', async (t) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => taken.close(resolve)));
    const port = (taken.address() as AddressInfo).port;
    const { logger, messages } = capturingLogger();
    const failure = await startApp(adapter, { imports: [ManagementModule.forRoot({ port, address: '127.0.0.1' })] }, { logger }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.match(String((failure as Error | undefined)?.message), /EADDRINUSE/);
    assert.deepEqual(messages.filter((message) => /could not start|instead/.test(message)), [], 'no talk of falling back to the main thread');
  });

  it("the shared services' lifecycle hooks run once: the startup checks run once at bootstrap", async (t) => {
    const startup = countingCheck('migrations', () => true, { groups: ['startup'], ttl: 0 });
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', probes: { worker: false } })], providers: [startup.provider] });
    t.after(() => app.close());
    assert.equal(startup.executions, 1);
  });
});
