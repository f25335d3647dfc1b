import 'reflect-metadata';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { waitUntil } from '../support/wait-until.js';
import { onEachAdapter } from '../support/test-app.js';

@Module({ imports: [ManagementModule.forRoot()], providers: [healthCheckProvider('db', () => true, { groups: ['readiness'] })] })
class AppModule {}

onEachAdapter("readiness read in-process, as the Nest docs' e2e tests read it", (adapter) => {
  it('supertest against app.getHttpServer() after init(): readiness 200 UP', async (t) => {
    const app = await NestFactory.create(AppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
    t.after(() => app.close());
    await app.init();
    if (adapter === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
    const readiness = await request(app.getHttpServer()).get('/z/health/readiness');
    assert.equal(readiness.status, 200);
    assert.equal(readiness.text, '{"status":"UP"}');
    assert.equal((await request(app.getHttpServer()).get('/z/health/startup')).text, '{"status":"UP"}');
  });

  it('an HTTPS application answers its probes at the front door too, ahead of a global guard that refuses everything', async (t) => {
    const directory = mkdtempSync(join(tmpdir(), 'tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const httpsOptions = { key: readFileSync(join(directory, 'key.pem')), cert: readFileSync(join(directory, 'cert.pem')) };
    const httpAdapter = adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter({ https: httpsOptions });
    @Module({ imports: [AppModule], providers: [{ provide: APP_GUARD, useValue: { canActivate: () => false } }] })
    class GuardedModule {}
    const app = await NestFactory.create(GuardedModule, httpAdapter, { logger: false, ...(adapter === 'express' ? { httpsOptions } : {}) });
    t.after(() => app.close());
    await app.listen(0, '127.0.0.1');
    const readiness = await request(app.getHttpServer()).get('/z/health/readiness').trustLocalhost(true).ca(httpsOptions.cert);
    assert.equal(readiness.status, 200);
    assert.equal(readiness.text, '{"status":"UP"}');
  });
});

it("Fastify's inject() after init() and ready(): readiness 200 UP, as /z/health says", async (t) => {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
  t.after(() => app.close());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const health = await app.inject({ method: 'GET', url: '/z/health' });
  assert.equal(health.statusCode, 200);
  const readiness = await app.inject({ method: 'GET', url: '/z/health/readiness' });
  assert.equal(readiness.statusCode, 200);
  assert.equal(readiness.payload, '{"status":"UP"}');
});

onEachAdapter('a management port reads the application port as a kubelet would', (adapter) => {
  for (const worker of [true, false]) {
    it(`readiness on the management port (${worker ? 'worker' : 'main thread'}) turns 503 once the application's port stops serving`, async (t) => {
      @Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', probes: { worker } })] })
      class PortModule {}
      const app = await NestFactory.create(PortModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
      t.after(() => app.close());
      await app.listen(0, '127.0.0.1');
      const url = `${app.get(ManagementServer).url}/z/health/readiness`;
      await waitUntil('readiness UP', () => fetch(url).then((response) => response.status), (status) => status === 200);
      // The application's own server stops (a crash in its listener, a close by mistake); the process lives on.
      await new Promise((resolve) => app.getHttpServer().close(resolve));
      const answer = await waitUntil('readiness 503', () => fetch(url), (response) => response.status === 503);
      assert.equal(await answer.text(), '{"status":"OUT_OF_SERVICE"}');
      const liveness = await fetch(`${app.get(ManagementServer).url}/z/health/liveness`);
      assert.equal(liveness.status, 200, 'liveness is not about the port: a restart would not help');
    });
  }
});
