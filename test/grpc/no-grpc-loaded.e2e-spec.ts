import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const LIBRARY = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/**
 * Loaded with --require in every thread of the process (the main one and the probe worker): notes
 * in the file named by GRPC_LOADS each gRPC module a thread loads, with the thread's id.
 */
const PRELOAD = `
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { threadId } = require('node:worker_threads');
const load = Module._load;
Module._load = function (request) {
  if (/(^|[\\\\/])(@grpc|grpc-health-check)([\\\\/]|$)/.test(request)) appendFileSync(process.env.GRPC_LOADS, threadId + ' ' + request + '\\n');
  return load.apply(this, arguments);
};
`;

/**
 * Runs, in a process of its own, an application with the module (management port and probe worker
 * included, the gRPC port when GRPC_PORT is set) that answers a probe, then lists the gRPC modules
 * loaded on its main thread; then loads @grpc/grpc-js itself, to show that the listing would have
 * seen it.
 */
const SCRIPT = `
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
const { ManagementModule, ManagementServer } = await import(${JSON.stringify(LIBRARY)});
const require = createRequire(process.cwd() + '/');
const grpcModules = () => Object.keys(require.cache).filter((path) => /[\\\\/](@grpc|grpc-health-check)[\\\\/]/.test(path));
class AppModule {}
const grpc = process.env.GRPC_PORT ? { port: 0, address: '127.0.0.1' } : undefined;
Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc })] })(AppModule);
const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
const server = app.get(ManagementServer);
const answered = (await fetch(server.url + '/z/health/readiness')).status;
const usesWorker = server.usesWorker;
const before = grpcModules();
await app.close();
appendFileSync(process.env.GRPC_LOADS, 'closed\\n');
await import('@grpc/grpc-js');
console.log(JSON.stringify({ answered, usesWorker, before, after: grpcModules().length > 0 }));
`;

interface Run {
  readonly answered: number;
  readonly usesWorker: boolean;
  readonly before: string[];
  readonly after: boolean;
  /** Thread ids that loaded a gRPC module, before the script loaded one itself (0: the main thread). */
  readonly threadsLoadingGrpc: number[];
}

async function run(withGrpcPort: boolean): Promise<Run> {
  const folder = mkdtempSync(join(tmpdir(), 'no-grpc-'));
  const script = join(dirname(fileURLToPath(import.meta.url)), `no-grpc-app-${process.pid}-${withGrpcPort ? 'grpc' : 'plain'}.mjs`);
  try {
    const preload = join(folder, 'preload.cjs');
    const loads = join(folder, 'loads.txt');
    writeFileSync(preload, PRELOAD);
    writeFileSync(loads, '');
    // A file beside this one, so that it finds the packages; not \`--input-type=module -e\`, which the worker would inherit.
    writeFileSync(script, SCRIPT);
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', preload, script], {
      cwd: process.cwd(),
      env: { ...process.env, GRPC_LOADS: loads, ...(withGrpcPort ? { GRPC_PORT: '1' } : {}) },
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<Run, 'threadsLoadingGrpc'>;
    const lines = readFileSync(loads, 'utf8').split('\n').filter((line) => line !== '');
    // Up to the application's close: the script's own import of @grpc/grpc-js comes after.
    const beforeOwnImport = lines.slice(0, lines.indexOf('closed'));
    return { ...seen, threadsLoadingGrpc: [...new Set(beforeOwnImport.map((line) => Number(line.split(' ')[0])))] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(script, { force: true });
  }
}

describe('an application that does not enable gRPC', () => {
  it('loads nothing of it, neither on its main thread nor in the probe worker', async () => {
    const seen = await run(false);
    assert.equal(seen.answered, 200);
    assert.equal(seen.usesWorker, true, 'the probe worker ran');
    assert.deepEqual(seen.before, [], 'no gRPC module loaded on the main thread');
    assert.deepEqual(seen.threadsLoadingGrpc, [], 'no thread loaded a gRPC module');
    assert.equal(seen.after, true, 'a gRPC module, once loaded, is listed');
  });

  it('(the same observation sees the probe worker load @grpc/grpc-js once the gRPC port is enabled)', async () => {
    const seen = await run(true);
    assert.equal(seen.answered, 200);
    assert.equal(seen.usesWorker, true);
    assert.ok(seen.threadsLoadingGrpc.some((thread) => thread !== 0), `a worker thread loaded gRPC; threads: ${seen.threadsLoadingGrpc.join(', ')}`);
  });
});
