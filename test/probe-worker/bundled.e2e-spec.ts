import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { startManagementChildApp } from '../support/management-child-app.js';

const fixture = fileURLToPath(new URL('../fixtures/bundled-app.js', import.meta.url));
/** What Nest loads only when used (and the platform the app does not use), left out as bundling guides say. */
const NOT_BUNDLED = ['@nestjs/microservices', '@nestjs/microservices/*', '@nestjs/websockets/*', 'class-transformer', 'class-validator', '@nestjs/platform-fastify'];

describe('probe worker in a bundled application', () => {
  it('an application bundled into one file by esbuild and run from another directory has its probes answered by the worker while its main thread is blocked', { timeout: 60_000 }, async (t) => {
    const directory = await mkdtemp(join(tmpdir(), 'bundled-app-'));
    t.after(() => rm(directory, { recursive: true, force: true }));
    const bundle = join(directory, 'app', 'main.js');
    await build({ entryPoints: [fixture], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, external: NOT_BUNDLED, logLevel: 'error' });
    assert.deepEqual(await readdir(join(directory, 'app')), ['main.js'], 'the bundle is one file');
    const elsewhere = join(directory, 'elsewhere');
    await mkdir(elsewhere);

    const app = await startManagementChildApp('bundled-app', {}, { script: bundle, cwd: elsewhere });
    t.after(() => app.stop());
    assert.equal(app.usesWorker, true, 'the probe worker serves the management port');

    const blocked = fetch(`${app.url}/block?ms=2000`).then((response) => response.json());
    await sleep(300);
    const liveness = await fetch(`${app.managementUrl}/z/health/liveness`, { signal: AbortSignal.timeout(1_000) });
    assert.deepEqual({ status: liveness.status, text: await liveness.text() }, { status: 200, text: '{"status":"UP"}' });
    assert.deepEqual(await blocked, { blocked: 2000 });
  });
});
