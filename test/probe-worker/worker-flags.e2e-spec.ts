import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const INDEX = new URL('../../src/index.js', import.meta.url).href;

/** An application started as `node --input-type=module -e '...'`: no file, ESM from the command line. */
const SCRIPT = `
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManagementModule, ManagementServer } from ${JSON.stringify(INDEX)};
class AppModule {}
Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] })(AppModule);
const app = await NestFactory.create(AppModule, { logger: false });
await app.listen(0, '127.0.0.1');
const server = app.get(ManagementServer);
const liveness = await fetch(server.url + '/z/health/liveness');
console.log(JSON.stringify({ usesWorker: server.usesWorker, liveness: liveness.status }));
await app.close();
`;

it('the probe worker runs in an application started with node --input-type=module -e (the flag is not passed on to it)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    timeout: 30_000,
  });
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()!), { usesWorker: true, liveness: 200 });
});
