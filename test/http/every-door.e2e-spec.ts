import { it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApplicationAvailability, ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

const AUTHORIZED = 'Bearer admin';

/** The same application three times: endpoints on its own port, on a main-thread management port, on the worker's. */
async function doors(adapter: AdapterName, t: { after(fn: () => unknown): void }): Promise<Record<string, string>> {
  const options: ManagementModuleOptions = {
    authorizer: (request) => (request as { headers: Record<string, unknown> }).headers.authorization === AUTHORIZED,
  };
  const providers = [
    healthCheckProvider('db', () => true),
    healthCheckProvider('upstream', () => false, { groups: ['liveness'], remote: true }),
  ];
  const start = async (extra: ManagementModuleOptions & { port?: number; address?: string }): Promise<TestApp> => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ ...options, ...extra })], providers });
    t.after(() => app.close());
    return app;
  };
  const application = await start({});
  const mainThread = await start({ port: 0, address: '127.0.0.1', probes: { worker: false } });
  const worker = await start({ port: 0, address: '127.0.0.1' });
  return {
    'application port': application.baseUrl,
    'management port, main thread': mainThread.app.get(ManagementServer).url!,
    'management port, worker': worker.app.get(ManagementServer).url!,
  };
}

async function seen(url: string, init?: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  const body = (await response.text()).replace(/"(checkedAt|durationMs)":("[^"]*"|[0-9.]+)/g, '"$1":0');
  return `${response.status} ${response.headers.get('content-type')} ${response.headers.get('cache-control')} ${body}`;
}

onEachAdapter('one router for every door', (adapter) => {
  it('the same request gets the same answer on the application port, the main-thread management port and the worker', async (t) => {
    const urls = await doors(adapter, t);
    const requests: [string, RequestInit?][] = [
      ['/z/health/liveness'],
      // A dependency check's mark narrows readiness and /health, never liveness: 503 DOWN everywhere.
      ['/z/health/liveness', { headers: { 'management-dependency-check': '1' } }],
      ['/z/health/readiness'],
      ['/z/health/readiness', { headers: { authorization: AUTHORIZED } }],
      ['/z/health/startup'],
      ['/z/health'],
      ['/z/health', { headers: { 'management-dependency-check': '1' } }],
      ['/z/health/db', { headers: { authorization: AUTHORIZED } }],
      ['/z/health/nope'],
      ['/z/health/%'],
      ['/z/health/liveness', { method: 'HEAD' }],
      ['/z/version'],
      ['/z/nothing-here'],
    ];
    for (const [path, init] of requests) {
      const answers = await Promise.all(Object.values(urls).map((url) => seen(`${url}${path}`, init)));
      const label = `${init?.method ?? 'GET'} ${path} ${JSON.stringify(init?.headers ?? {})}`;
      assert.equal(new Set(answers).size, 1, `${label}:\n${Object.keys(urls).map((door, index) => `  ${door}: ${answers[index]}`).join('\n')}`);
    }
    assert.match(await seen(`${urls['application port']}/z/health/liveness`, { headers: { 'management-dependency-check': '1' } }), /^503 .*"DOWN"/);
  });
});

onEachAdapter('a request in absolute form', (adapter) => {
  it('GET http://host/z/health/db HTTP/1.1 is answered for /z/health/db, not the index', { timeout: 10_000 }, async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()], providers: [healthCheckProvider('db', () => true)] });
    t.after(() => app.close());
    const { port } = new URL(app.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(`GET http://127.0.0.1:${port}/z/health/db HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 200/);
    assert.match(raw, /\r\n\r\n\{"status":"UP"\}$/);
  });
});

onEachAdapter('the front door among other request listeners and paths', (adapter) => {
  it('a listener that wraps the server after init() (as socket.io attaches) keeps both working, each request answered once', { timeout: 10_000 }, async (t) => {
    @Module({ imports: [ManagementModule.forRoot()] })
    class WrappedModule {}
    const app = await NestFactory.create(WrappedModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
    t.after(() => app.close());
    await app.init();
    const server = app.getHttpServer() as Server;
    const inner = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
    const answered: string[] = [];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      answered.push(request.url ?? '');
      if (request.url === '/socket') return void response.end('socket');
      for (const listener of inner) listener.call(server, request, response);
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal(await (await fetch(`${base}/socket`)).text(), 'socket');
    assert.equal(await (await fetch(`${base}/z/health/liveness`)).text(), '{"status":"UP"}');
    assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
    assert.deepEqual(answered, ['/socket', '/z/health/liveness', '/elsewhere']);
  });

  it('a path the framework matches below the mount but the front door does not (case, encoding) answers that endpoint, not the index', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()] });
    t.after(() => app.close());
    const variant = adapter === 'express' ? '/Z/health/liveness' : '/%7A/health/liveness';
    assert.equal(await (await app.request(variant)).text(), '{"status":"UP"}');
  });

  it("readiness is the same with a cookie and without while the application's port is counted as not serving", async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()] });
    t.after(() => app.close());
    app.app.get(ApplicationAvailability).markServing(false);
    const plain = await seen(`${app.baseUrl}/z/health/readiness`);
    const withCookie = await seen(`${app.baseUrl}/z/health/readiness`, { headers: { cookie: 'session=1' } });
    assert.equal(withCookie, plain);
    assert.match(plain, /^200 /);
  });
});
