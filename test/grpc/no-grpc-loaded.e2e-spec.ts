import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const LIBRARY = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/**
 * Runs, in a process of its own, an application with the module (management port and probe worker
 * included) that answers a probe, then lists the gRPC modules loaded; then loads @grpc/grpc-js
 * itself, to show that the listing would have seen it.
 */
const SCRIPT = `
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
const { ManagementModule, ManagementServer } = await import(${JSON.stringify(LIBRARY)});
const require = createRequire(process.cwd() + '/');
const grpcModules = () => Object.keys(require.cache).filter((path) => /[\\\\/](@grpc|grpc-health-check)[\\\\/]/.test(path));
class AppModule {}
Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] })(AppModule);
const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
const answered = (await fetch(app.get(ManagementServer).url + '/z/health/readiness')).status;
const before = grpcModules();
await app.close();
await import('@grpc/grpc-js');
console.log(JSON.stringify({ answered, before, after: grpcModules().length > 0 }));
`;

it('an application that does not enable gRPC loads nothing of it', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: process.cwd() });
  const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as { answered: number; before: string[]; after: boolean };
  assert.equal(seen.answered, 200);
  assert.deepEqual(seen.before, [], 'no gRPC module loaded');
  assert.equal(seen.after, true, 'a gRPC module, once loaded, is listed');
});
