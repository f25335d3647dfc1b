import { it } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { CanActivate } from '@nestjs/common';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagementModule } from '../../src/index.js';
import { startChildApp } from '../support/child-app.js';
import type { ChildApp } from '../support/child-app.js';
import { startManagementChildApp } from '../support/management-child-app.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';
const SHUTDOWN: RequestInit = { method: 'POST', headers: TOKEN };

/** A guard that lets everyone through, the way a roles guard does for a route with no roles. */
@Injectable()
class OpenGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

/** Polls readiness at `url` until the server closes; returns every status body seen. */
async function watchReadiness(url: string): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    try {
      const response = await fetch(`${url}/z/health/readiness`);
      seen.push(((await response.json()) as { status: string }).status);
    } catch {
      return seen;
    }
    await sleep(50);
  }
}

/** POSTs /z/shutdown to `url` of `app`; asserts the answer, the drain and how the process ends. */
async function shutsDownGracefully(app: ChildApp, url: string, exit: number | string): Promise<void> {
  assert.equal((await fetch(`${url}/z/health/readiness`)).status, 200);
  const response = await fetch(`${url}/z/shutdown`, SHUTDOWN);
  assert.equal(response.status, 200, 'answered before the shutdown begins');
  assert.deepEqual(await response.json(), {
    message: 'Shutting down: readiness is OUT_OF_SERVICE and the application closes after draining for 1500 ms.',
  });
  const [readiness, code] = await Promise.all([watchReadiness(url), app.exited]);
  assert.ok(readiness.includes('OUT_OF_SERVICE'), `readiness was OUT_OF_SERVICE during the drain (saw ${readiness.join(', ')})`);
  assert.ok(!readiness.slice(readiness.indexOf('OUT_OF_SERVICE')).includes('UP'), 'and never UP again');
  assert.equal(code, exit);
}

onEachAdapter('POST /shutdown', (adapter) => {
  it('is off by default (404 saying how to turn it on); refused with 403 without authorization, even with showDetails always', async (t) => {
    const off = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken })] });
    t.after(() => off.close());
    const disabled = await off.request('/z/shutdown', SHUTDOWN);
    assert.equal(disabled.status, 404);
    assert.equal(((await disabled.json()) as { message: string }).message, "/shutdown is off; enable it with the 'shutdown.enabled' option.");

    const open = await startApp(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', shutdown: { enabled: true } })] });
    t.after(() => open.close());
    const refused = await open.request('/z/shutdown', { method: 'POST' });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /^Shutting the application down needs an authorized request/);
    assert.equal((await open.request('/z/health/readiness')).status, 200, 'still running');
    assert.equal((await open.request('/z/shutdown')).status, 404, 'GET is no way to shut down');
  });

  it("a guard authorizer that lets anonymous requests through stops start-up when an operation is enabled, even with showDetails 'always'", async () => {
    for (const operation of [{ shutdown: { enabled: true } }, { loggers: { enabled: true } }]) {
      const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', authorizer: OpenGuard, ...operation })] });
      assert.match(String((error as Error | undefined)?.message), /the guard OpenGuard lets an anonymous request .* anyone could change log levels, shut the application down or read its memory/);
    }
    assert.equal(await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', authorizer: OpenGuard })] }), undefined);
  });

  it('refuses a forged cross-site request or a form body, credentials or not, and keeps running', { timeout: 30_000 }, async (t) => {
    const app = await startChildApp('shutdown-app', { ADAPTER: adapter, HOOKS: '0' });
    t.after(() => app.stop());
    const forged: [Record<string, string>, number][] = [
      [{ Origin: 'https://attacker.example' }, 403],
      [{ 'Sec-Fetch-Site': 'cross-site' }, 403],
      [{ 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
      [{ 'Content-Type': 'text/plain' }, 415],
    ];
    for (const [headers, status] of forged) {
      const response = await fetch(`${app.url}/z/shutdown`, { method: 'POST', headers: { ...TOKEN, ...headers }, body: 'confirm=yes' });
      assert.equal(response.status, status, JSON.stringify(headers));
    }
    assert.equal((await fetch(`${app.url}/z/health/readiness`)).status, 200, 'still running');
  });

  it('without enableShutdownHooks(): answers 200, drains (readiness OUT_OF_SERVICE), closes and exits with code 0', { timeout: 30_000 }, async (t) => {
    const app = await startChildApp('shutdown-app', { ADAPTER: adapter, HOOKS: '0' });
    t.after(() => app.stop());
    await shutsDownGracefully(app, app.url, 0);
  });

  it("with enableShutdownHooks(): goes through Nest's own SIGTERM handling, drain included", { timeout: 30_000 }, async (t) => {
    const app = await startChildApp('shutdown-app', { ADAPTER: adapter, HOOKS: '1' });
    t.after(() => app.stop());
    await shutsDownGracefully(app, app.url, 'SIGTERM');
  });

  it('on the management port (forwarded by the probe worker) it works the same, probes answered during the drain', { timeout: 30_000 }, async (t) => {
    const app = await startManagementChildApp('shutdown-app', { ADAPTER: adapter, HOOKS: '0', MANAGEMENT_PORT: '1' });
    t.after(() => app.stop());
    assert.equal((await fetch(`${app.url}/z/shutdown`, SHUTDOWN)).status, 404, 'the main port has no management routes');
    await shutsDownGracefully(app, app.managementUrl, 0);
  });
});
