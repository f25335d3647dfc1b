// Compatibility check: a CommonJS application on NestJS 11 uses the packed library (dist/cjs).
// Packs this package, installs it with Nest 11 into a temporary folder, starts a real app there
// and asks it for /z/health. Run by `npm run test:compat` (after `npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'nest11-cjs-'));
const run = (command, args) => execFileSync(command, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

try {
  const tarball = run('npm', ['pack', root, '--pack-destination', work, '--silent']).trim().split('\n').pop();
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'nest11-app', private: true, type: 'commonjs' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', join(work, tarball),
    '@nestjs/common@11', '@nestjs/core@11', '@nestjs/platform-express@11', '@nestjs/axios@4', 'axios@1', 'reflect-metadata@0.2', 'rxjs@7']);
  writeFileSync(join(work, 'main.js'), `
    require('reflect-metadata');
    const { Module, Injectable } = require('@nestjs/common');
    const { NestFactory } = require('@nestjs/core');
    const { ManagementModule, ManagementServer, HealthCheck } = require('nestjs-management-endpoints');
    class DbHealth { check() { return { details: { rows: 1 } }; } }
    HealthCheck('db')(DbHealth); Injectable()(DbHealth);
    class AppModule {}
    Module({ imports: [ManagementModule.forRoot({ showDetails: 'always', version: '11-cjs' })], providers: [DbHealth] })(AppModule);
    (async () => {
      const app = await NestFactory.create(AppModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      const base = 'http://127.0.0.1:' + app.getHttpServer().address().port;
      const health = await fetch(base + '/z/health');
      const body = await health.json();
      const version = await (await fetch(base + '/z/version')).text();
      await app.close();
      if (health.status !== 200 || body.components.db.status !== 'UP' || version !== '11-cjs') {
        console.error('unexpected answer', health.status, JSON.stringify(body), version);
        process.exit(1);
      }
      console.log('Nest ' + require('@nestjs/core/package.json').version + ' (CommonJS): /z/health ' + health.status + ' ' + JSON.stringify(body.components));
      // The probe worker loads from dist/cjs too: a management port answered by a worker thread.
      class PortModule {}
      Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', version: '11-cjs' })], providers: [DbHealth] })(PortModule);
      const portApp = await NestFactory.create(PortModule, { logger: false });
      await portApp.listen(0, '127.0.0.1');
      const server = portApp.get(ManagementServer);
      const usesWorker = server.usesWorker;
      const readiness = await fetch(server.url + '/z/health/readiness');
      const forwarded = await (await fetch(server.url + '/z/version')).text();
      await portApp.close();
      if (!usesWorker || readiness.status !== 200 || forwarded !== '11-cjs') {
        console.error('unexpected management port answer', usesWorker, readiness.status, forwarded);
        process.exit(1);
      }
      console.log('Nest (CommonJS) management port on the probe worker: readiness ' + readiness.status + ', /z/version forwarded: ' + forwarded);
    })().catch((error) => { console.error(error); process.exit(1); });
  `);
  process.stdout.write(run(process.execPath, ['main.js']));
} finally {
  rmSync(work, { recursive: true, force: true });
}
