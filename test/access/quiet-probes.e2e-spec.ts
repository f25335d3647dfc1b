import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Controller, Get } from '@nestjs/common';
import morgan from 'morgan';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage } from 'node:http';
import { isManagementRequest, ManagementModule } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import { capturingLogger } from '../support/capturing-logger.js';

@Controller()
class OrdersController {
  @Get('orders')
  list() {
    return [];
  }
}

/** Collects whatever is written to it, line by line. */
function lineSink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}


const probePaths = ['/z/health/liveness', '/z/health/readiness', '/z/health/ping', '/z/health', '/z/version'];

onEachAdapter('quiet probes', (adapter) => {
  it('pino-http with autoLogging.ignore = isManagementRequest logs business requests and no probes', async (t) => {
    const sink = lineSink();
    const pinoOptions = { stream: sink.stream, autoLogging: { ignore: (request: IncomingMessage) => isManagementRequest(request) } };
    // Express: through nestjs-pino's LoggerModule. Fastify: pino-http as application middleware
    // (nestjs-pino's route-bound middleware does not run under Nest 12's Fastify adapter here).
    const app =
      adapter === 'express'
        ? await startApp(adapter, { imports: [LoggerModule.forRoot({ pinoHttp: pinoOptions }), ManagementModule.forRoot()], controllers: [OrdersController] })
        : await startApp(
            adapter,
            { imports: [ManagementModule.forRoot()], controllers: [OrdersController] },
            { configure: (nest) => nest.use(pinoHttp(pinoOptions)) },
          );
    t.after(() => app.close());
    for (const path of probePaths) await (await app.request(path)).arrayBuffer();
    await (await app.request('/orders')).arrayBuffer();
    await new Promise((resolve) => setImmediate(resolve));
    const logged = sink.lines.map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url).filter(Boolean);
    assert.deepEqual(logged, ['/orders']);
  });

  it('isManagementRequest knows the base path, also a custom one, and nothing else', () => {
    ManagementModule.forRoot({ basePath: '/manage' });
    assert.ok(isManagementRequest({ url: '/manage/health/readiness?x=1' }));
    assert.ok(isManagementRequest({ originalUrl: '/z/version' }));
    assert.ok(!isManagementRequest({ url: '/zebra' }));
    assert.ok(!isManagementRequest({ url: '/orders' }));
    assert.ok(isManagementRequest({ url: '/ops/health' }, '/ops'));
  });

  it('a check that goes DOWN logs one warning with its reason, UP again logs once, unchanged probes log nothing', async (t) => {
    let healthy = true;
    const { logger, messages } = capturingLogger();
    const app = await startApp(
      adapter,
      {
        imports: [ManagementModule.forRoot({ ttl: 0 })],
        providers: [
          healthCheckProvider('db', () => {
            if (!healthy) throw new Error('connection refused');
          }),
        ],
      },
      { logger },
    );
    t.after(() => app.close());
    const probe = async (times: number) => {
      for (let index = 0; index < times; index++) await (await app.request('/z/health/readiness')).arrayBuffer();
    };
    const fromModule = () => messages.filter((message) => message.includes("Health check 'db'"));
    await probe(3);
    assert.deepEqual(fromModule(), []);
    healthy = false;
    await probe(5);
    assert.deepEqual(fromModule(), ["warn Health check 'db' is DOWN (was UP): connection refused"]);
    healthy = true;
    await probe(5);
    assert.deepEqual(fromModule(), ["warn Health check 'db' is DOWN (was UP): connection refused", "log Health check 'db' is UP again (was DOWN)."]);
  });

  it('with noLog the module logs nothing about probe traffic', async (t) => {
    const { logger, messages } = capturingLogger();
    const app = await startApp(
      adapter,
      {
        imports: [
          ManagementModule.forRoot({
            noLog: true,
            authorizer: () => {
              throw new Error('token service down');
            },
            version: () => {
              throw new Error('no version file');
            },
          }),
        ],
      },
      { logger },
    );
    t.after(() => app.close());
    const before = messages.length;
    for (const path of probePaths) await (await app.request(path)).arrayBuffer();
    assert.deepEqual(messages.slice(before).filter((message) => message.startsWith('warn') || message.startsWith('error')), []);
  });
});

it('morgan with skip = isManagementRequest logs business requests and no probes (Express)', async (t) => {
  const sink = lineSink();
  const app = await startApp(
    'express',
    { imports: [ManagementModule.forRoot()], controllers: [OrdersController] },
    { configure: (nest) => nest.use(morgan('tiny', { stream: sink.stream, skip: (request) => isManagementRequest(request) })) },
  );
  t.after(() => app.close());
  for (const path of probePaths) await (await app.request(path)).arrayBuffer();
  await (await app.request('/orders')).arrayBuffer();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sink.lines.length, 1);
  assert.match(sink.lines[0]!, /^GET \/orders 200/);
});
