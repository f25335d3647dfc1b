import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { nodeOnlyPath, runProbeCommand } from '../support/probe-command.js';
import type { NodeOnlyPath, ProbeRun } from '../support/probe-command.js';
import { startStalledServer, unusedPort } from '../support/stalled-server.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

let bin: NodeOnlyPath;
before(() => {
  bin = nodeOnlyPath();
});
after(() => bin.remove());

const probe = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ProbeRun> => runProbeCommand(bin.path, args, env);

/** Exit 0 and nothing printed. */
function assertHealthy(run: ProbeRun): void {
  assert.deepEqual({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }, { exitCode: 0, stdout: '', stderr: '' });
}

/** Exit `exitCode`, nothing on stdout, exactly `line` on stderr. */
function assertFailed(run: ProbeRun, exitCode: number, line: string): void {
  assert.deepEqual({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }, { exitCode, stdout: '', stderr: `${line}\n` });
}

const portOf = (url: string): string => new URL(url).port;

/** An app with a readiness check `gate` the test opens and closes. */
interface GatedApp {
  readonly app: TestApp;
  ready: boolean;
}

async function startGatedApp(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions = {}): Promise<GatedApp> {
  const gated = { ready: true } as GatedApp;
  const gate = healthCheckProvider('gate', () => gated.ready);
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ ttl: 0, ...options })], providers: [gate] });
  t.after(() => app.close());
  return Object.assign(gated, { app });
}

describe('the PATH the probe command runs with', () => {
  it('has node and no curl, wget or shell', () => {
    for (const tool of ['curl', 'wget', 'sh']) {
      const attempt = spawnSync(tool, ['--version'], { env: { PATH: bin.path } });
      assert.equal((attempt.error as NodeJS.ErrnoException | undefined)?.code, 'ENOENT', `${tool} is not on the PATH`);
    }
    assert.equal(spawnSync('node', ['-e', 'process.exit(7)'], { env: { PATH: bin.path } }).status, 7);
  });
});

onEachAdapter('probe command against a running app', (adapter) => {
  it('exits 0 and prints nothing while readiness answers 200, with the port from MANAGEMENT_PORT', async (t) => {
    const { app } = await startGatedApp(t, adapter);
    assertHealthy(await probe([], { MANAGEMENT_PORT: portOf(app.baseUrl) }));
  });

  it('exits 1 with one line naming the URL, the status code and the health status when readiness answers 503', async (t) => {
    const gated = await startGatedApp(t, adapter);
    gated.ready = false;
    const port = portOf(gated.app.baseUrl);
    assertFailed(
      await probe([], { MANAGEMENT_PORT: port }),
      1,
      `probe failed: http://127.0.0.1:${port}/z/health/readiness answered 503 Service Unavailable (status DOWN), expected 200`,
    );
  });

  it('probes the group, path or URL it is given, with the same leading `probe` word the bin takes', async (t) => {
    const gated = await startGatedApp(t, adapter);
    gated.ready = false;
    const port = portOf(gated.app.baseUrl);
    assertHealthy(await probe(['probe', 'liveness'], { MANAGEMENT_PORT: port }));
    assertHealthy(await probe(['/z/health/startup'], { MANAGEMENT_PORT: port }));
    assertHealthy(await probe([`${gated.app.baseUrl}/z/version`]));
    assertFailed(
      await probe(['probe', `${gated.app.baseUrl}/z/health`]),
      1,
      `probe failed: ${gated.app.baseUrl}/z/health answered 503 Service Unavailable (status DOWN), expected 200`,
    );
    assertFailed(
      await probe(['no-such-group'], { MANAGEMENT_PORT: port }),
      1,
      `probe failed: http://127.0.0.1:${port}/z/health/no-such-group answered 404 Not Found, expected 200`,
    );
  });

  it('takes the port from PORT when MANAGEMENT_PORT is not set, and the base path from MANAGEMENT_BASE_PATH', async (t) => {
    const gated = await startGatedApp(t, adapter, { basePath: '/manage' });
    const port = portOf(gated.app.baseUrl);
    assertHealthy(await probe([], { PORT: port, MANAGEMENT_PORT: '', MANAGEMENT_BASE_PATH: '/manage/' }));
    gated.ready = false;
    assertFailed(
      await probe([], { PORT: port, MANAGEMENT_BASE_PATH: '/manage' }),
      1,
      `probe failed: http://127.0.0.1:${port}/manage/health/readiness answered 503 Service Unavailable (status DOWN), expected 200`,
    );
  });

  it('probes the management port (answered by the probe worker) named by MANAGEMENT_PORT, not PORT', async (t) => {
    const gated = await startGatedApp(t, adapter, { port: 0, address: '127.0.0.1', interval: 50 });
    const server = gated.app.app.get(ManagementServer);
    assert.equal(server.usesWorker, true);
    const env = { PORT: portOf(gated.app.baseUrl), MANAGEMENT_PORT: portOf(server.url!) };
    assertHealthy(await probe([], env));
    gated.ready = false;
    let run = await probe([], env);
    for (let attempt = 0; run.exitCode === 0 && attempt < 40; attempt += 1) run = await probe([], env);
    assertFailed(run, 1, `probe failed: ${server.url}/z/health/readiness answered 503 Service Unavailable (status DOWN), expected 200`);
  });
});

describe('probe command without a healthy answer', () => {
  it('exits 1 after its timeout (default 800 ms) against a server that never answers', async (t) => {
    const stalled = await startStalledServer();
    t.after(() => stalled.close());
    const url = `http://127.0.0.1:${stalled.port}/z/health/readiness`;
    const run = await probe([], { MANAGEMENT_PORT: String(stalled.port) });
    assertFailed(run, 1, `probe failed: ${url} did not answer within 800 ms`);
    assert.ok(run.elapsedMs >= 800 && run.elapsedMs < 3_000, `took ${Math.round(run.elapsedMs)} ms`);
    const short = await probe(['--timeout', '200', url]);
    assertFailed(short, 1, `probe failed: ${url} did not answer within 200 ms`);
    assert.ok(short.elapsedMs >= 200 && short.elapsedMs < 800 + 400, `took ${Math.round(short.elapsedMs)} ms`);
    assert.equal(stalled.accepted, 2);
  });

  it('exits 1 at once when the connection is refused', async () => {
    const port = await unusedPort();
    const run = await probe([`--timeout=5000`], { MANAGEMENT_PORT: String(port) });
    assertFailed(run, 1, `probe failed: http://127.0.0.1:${port}/z/health/readiness refused the connection (nothing listens there)`);
    assert.ok(run.elapsedMs < 3_000, `took ${Math.round(run.elapsedMs)} ms`);
  });

  it('counts only exactly 200 as healthy: 204 and a redirect (not followed) exit 1', async (t) => {
    const server = createServer((request, response) => {
      if (request.url === '/no-content') response.writeHead(204).end();
      else response.writeHead(302, { location: '/no-content' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => closeServer(server));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assertFailed(await probe([`${base}/no-content`]), 1, `probe failed: ${base}/no-content answered 204 No Content, expected 200`);
    assertFailed(await probe([`${base}/moved`]), 1, `probe failed: ${base}/moved answered 302 Found, expected 200`);
  });
});

describe('probe command arguments', () => {
  it('prints its usage on --help and exits 0', async () => {
    const run = await probe(['--help']);
    assert.equal(run.exitCode, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Usage: nestjs-management-endpoints probe \[target\] \[--timeout <ms>\]/);
    assert.match(run.stdout, /MANAGEMENT_PORT/);
  });

  const usage = (problem: string) => `probe: ${problem} (run with --help for usage)`;
  const cases: [string, readonly string[], NodeJS.ProcessEnv, string][] = [
    ['a URL of another scheme', ['ftp://127.0.0.1/z/health'], {}, usage(`'ftp://127.0.0.1/z/health' is not an http or https URL`)],
    ['a URL that does not parse', ['http://exa mple/'], {}, usage(`'http://exa mple/' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`)],
    ['a host without a scheme', ['127.0.0.1:9000/z/health'], {}, usage(`'127.0.0.1:9000/z/health' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`)],
    ['two targets', ['liveness', 'readiness'], {}, usage(`only one target may be given, got another: 'readiness'`)],
    ['an unknown option', ['--retries', '3'], {}, usage(`unknown option '--retries'`)],
    ['a timeout without a value', ['--timeout'], {}, usage(`option '--timeout' needs a value`)],
    ['a timeout that is not a whole number', ['--timeout', '1.5s'], {}, usage(`--timeout must be a whole number of milliseconds > 0 and at most 2147483647, got '1.5s'`)],
    ['a port that is not a number', [], { MANAGEMENT_PORT: 'nine' }, usage(`MANAGEMENT_PORT must be a port number from 1 to 65535, got 'nine'`)],
    ['a PORT out of range', [], { PORT: '70000' }, usage(`PORT must be a port number from 1 to 65535, got '70000'`)],
    ['a base path without a leading slash', [], { MANAGEMENT_BASE_PATH: 'z' }, usage(`MANAGEMENT_BASE_PATH must be a path such as '/z' or '/management' (a leading '/', letters, digits, '-', '_', '.', '/'), got 'z'`)],
    ['the target ..', ['..'], {}, usage(`'..' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`)],
    ['the target .', ['.'], {}, usage(`'.' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`)],
    ['a path with a .. segment', ['/z/health/../'], {}, usage(`'/z/health/../' is not a path to probe: it may not start with '//' or hold an empty, '.' or '..' segment`)],
    ['a path with an escaped .. segment', ['/z/health/%2E%2e'], {}, usage(`'/z/health/%2E%2e' is not a path to probe: it may not start with '//' or hold an empty, '.' or '..' segment`)],
    ['a path that would name a host', ['//evil.example/z/health'], {}, usage(`'//evil.example/z/health' is not a path to probe: it may not start with '//' or hold an empty, '.' or '..' segment`)],
    ['a base path that would name a host', [], { MANAGEMENT_BASE_PATH: '//z' }, usage(`MANAGEMENT_BASE_PATH must be a path such as '/z' or '/management' (a leading '/', letters, digits, '-', '_', '.', '/'), got '//z'`)],
    ['a base path with a .. segment', [], { MANAGEMENT_BASE_PATH: '/z/..' }, usage(`MANAGEMENT_BASE_PATH must be a path such as '/z' or '/management' (a leading '/', letters, digits, '-', '_', '.', '/'), got '/z/..'`)],
  ];
  for (const [what, args, env, line] of cases) {
    it(`exits 2 with one line for ${what}`, async () => {
      assertFailed(await probe(args, env), 2, line);
    });
  }
});

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
