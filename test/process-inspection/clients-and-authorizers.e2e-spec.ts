import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import compression from 'compression';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';
const ALL = { heapdump: true, profile: true, report: true, mappings: true, beans: true, scheduledtasks: true, configprops: true, startup: true };

/** Nest's documented roles guard, as an application would pass it for `authorizer`. */
@Injectable()
class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[] | undefined>('roles', context.getHandler()) ?? [];
    const role = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-role'];
    return role !== undefined && roles.includes(role);
  }
}

/** The app's port, or (with `port: 0`) the management port the probe worker serves. */
async function doorOf(adapter: AdapterName, door: 'application' | 'management', options: ManagementModuleOptions, configure?: (app: INestApplication) => void) {
  const extras = door === 'management' ? { port: 0, address: '127.0.0.1' } : {};
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ ...extras, ...options })] }, { configure });
  const url = door === 'management' ? app.app.get(ManagementServer).url! : app.baseUrl;
  return { app, url: `${url}/z` };
}

/** Reads the first piece of a download, then hangs up. */
async function hangUpAfterFirstChunk(url: string, headers: Record<string, string>): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.cancel().catch(() => undefined);
}

/** Whether the answer is not "one at a time" (a 409, whose body is then let go). */
function notBusy(response: Response): boolean {
  if (response.status !== 409) return true;
  void response.body?.cancel();
  return false;
}

onEachAdapter('diagnostics: clients that hang up, HEAD, guard authorizers, start-up', (adapter) => {
  for (const door of ['application', 'management'] as const) {
    it(`on the ${door} port: a heap snapshot download cut off half-way frees the slot; the next snapshot is whole`, { timeout: 90_000 }, async (t) => {
      const { app, url } = await doorOf(adapter, door, { authorizer: byToken, diagnostics: { heapdump: true } });
      t.after(() => app.close());
      await hangUpAfterFirstChunk(`${url}/heapdump`, TOKEN);
      const next = await waitUntil('the snapshot slot is free again', () => fetch(`${url}/heapdump`, { headers: TOKEN }), notBusy);
      assert.equal(next.status, 200);
      assert.ok((JSON.parse(await next.text()) as { strings: string[] }).strings.length > 0, 'the next snapshot parses');
    });

    it(`on the ${door} port: a client that hangs up while a profile records stops it at once; the next one records`, { timeout: 60_000 }, async (t) => {
      const { app, url } = await doorOf(adapter, door, { authorizer: byToken, diagnostics: { profile: true } });
      t.after(() => app.close());
      // A sampling heap profile: V8 allows one per process, so the next one starts only if this one was stopped.
      const controller = new AbortController();
      const first = fetch(`${url}/profile?seconds=60&type=heap`, { headers: TOKEN, signal: controller.signal });
      const started = await first;
      assert.equal(started.status, 200, 'the head leaves when the recording starts');
      controller.abort();
      const next = await waitUntil(
        'the recording is stopped',
        () => fetch(`${url}/profile?seconds=1&type=heap`, { headers: TOKEN }),
        notBusy,
        { deadline: 20_000 },
      );
      assert.equal(next.status, 200, 'long before the 60 s the first asked for');
      assert.ok(((await next.json()) as { head: object }).head);
    });

    it(`on the ${door} port: HEAD is refused like GET without the authorizer, and answers headers only with it, taking nothing`, { timeout: 60_000 }, async (t) => {
      const { app, url } = await doorOf(adapter, door, { authorizer: byToken, diagnostics: ALL });
      t.after(() => app.close());
      for (const name of ['heapdump', 'profile', 'report', 'mappings', 'beans', 'scheduledtasks', 'configprops', 'startup']) {
        assert.equal((await fetch(`${url}/${name}`, { method: 'HEAD' })).status, 403, `HEAD /${name} anonymous`);
        const allowed = await fetch(`${url}/${name}`, { method: 'HEAD', headers: TOKEN });
        assert.equal(allowed.status, 200, `HEAD /${name} with the token`);
        assert.equal((await allowed.arrayBuffer()).byteLength, 0);
      }
      const heapdump = await fetch(`${url}/heapdump`, { method: 'HEAD', headers: TOKEN });
      assert.match(heapdump.headers.get('content-disposition')!, /\.heapsnapshot"$/);
      const profile = await fetch(`${url}/profile?seconds=60`, { method: 'HEAD', headers: TOKEN });
      assert.match(profile.headers.get('content-disposition')!, /\.cpuprofile"$/);
      const recorded = await fetch(`${url}/profile?seconds=1`, { headers: TOKEN });
      assert.equal(recorded.status, 200, 'HEAD started no recording to wait for');
      await recorded.arrayBuffer();
    });

    it(`on the ${door} port: a Nest guard as the authorizer decides every diagnostic endpoint`, { timeout: 60_000 }, async (t) => {
      const { app, url } = await doorOf(adapter, door, { authorizer: RolesGuard, access: { authorizerMetadata: { roles: ['admin'] } }, diagnostics: ALL });
      t.after(() => app.close());
      for (const endpoint of ['heapdump', 'profile?seconds=1', 'report', 'mappings', 'beans', 'scheduledtasks', 'configprops', 'startup']) {
        for (const role of [undefined, 'viewer']) {
          const refused = await fetch(`${url}/${endpoint}`, { headers: role ? { 'x-role': role } : {} });
          assert.equal(refused.status, 403, `/${endpoint} as ${role ?? 'anonymous'}`);
        }
        const admitted = await fetch(`${url}/${endpoint}`, { headers: { 'x-role': 'admin' } });
        assert.equal(admitted.status, 200, `/${endpoint} as admin`);
        await admitted.arrayBuffer();
      }
    });
  }

  it('a request with a cookie, through the application middleware (compression included), streams a whole snapshot and profile', { timeout: 90_000 }, async (t) => {
    const { app, url } = await doorOf(adapter, 'application', { authorizer: byToken, diagnostics: { heapdump: true, profile: true } }, (nest) => {
      nest.use(compression());
    });
    t.after(() => app.close());
    const headers = { ...TOKEN, cookie: 'session=operator', 'accept-encoding': 'gzip' };
    const snapshot = await fetch(`${url}/heapdump`, { headers });
    assert.equal(snapshot.status, 200);
    assert.ok((JSON.parse(await snapshot.text()) as { strings: string[] }).strings.length > 0);
    const profile = await fetch(`${url}/profile?seconds=1`, { headers });
    assert.equal(profile.status, 200);
    assert.ok(((await profile.json()) as { nodes: unknown[] }).nodes.length > 0);
  });

  it("an address off the allow-list is refused with the token, and the refusal logged with the address, whatever the list's scope", async (t) => {
    for (const scope of ['details', 'all'] as const) {
      const { logger, messages } = capturingLogger();
      const options = { authorizer: byToken, access: { allow: ['10.0.0.0/8'], scope }, diagnostics: { report: true } };
      const app = await startApp(adapter, { imports: [ManagementModule.forRoot(options)] }, { logger });
      t.after(() => app.close());
      assert.equal((await app.request('/z/report', { headers: TOKEN })).status, 403, scope);
      assert.ok(messages.includes('warn GET /report by 127.0.0.1 refused (403).'), `${scope}: ${messages.join('\n')}`);
    }
  });

  it('a diagnostic endpoint on without an authorizer stops the application from starting, saying why', async () => {
    for (const options of [{ diagnostics: { heapdump: true } }, { diagnostics: { mappings: true }, access: { allow: ['127.0.0.1'] } }]) {
      const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot(options)] });
      assert.ok(error instanceof Error, JSON.stringify(options));
      assert.equal(error.name, 'ManagementConfigurationError');
      assert.match(error.message, /^ManagementModule option 'diagnostics' turns on \/(heapdump|mappings), which hand out the inside of the process/);
      assert.match(error.message, /an address on 'access\.allow' is not enough/);
    }
    const asynchronous = await bootstrapError(adapter, { imports: [ManagementModule.forRootAsync({ useFactory: () => ({ diagnostics: { report: true } }) })] });
    assert.ok(asynchronous instanceof Error);
    assert.match(asynchronous.message, /turns on \/report, which hand out/);
  });
});
