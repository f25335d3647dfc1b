import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementModule, ManagementServer, SpringBootAdminRegistrar } from '../../src/index.js';
import type { ManagementModuleOptions, SpringBootAdminOptions } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { unusedPort } from '../support/stalled-server.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';
import { INSTANCE_ID, startAdminServer } from './admin-server.js';
import type { AdminServer } from './admin-server.js';

/** A throwaway package.json, so the registered name is known. */
function packageJson(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sba-app-')), 'package.json');
  writeFileSync(path, JSON.stringify({ name: 'orders-service', version: '3.1.4' }));
  return path;
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

async function registeredApp(adapter: AdapterName, springBootAdmin: SpringBootAdminOptions, options: ManagementModuleOptions = {}) {
  const { logger, messages } = capturingLogger();
  const app = await startApp(
    adapter,
    { imports: [ManagementModule.forRoot({ info: { packageJson: packageJson() }, ...options, springBootAdmin })] },
    { logger },
  );
  return { app, messages, warnings: () => messages.filter((message) => message.startsWith('warn ')) };
}

const registrations = (admin: AdminServer, count: number) =>
  waitUntil(`${count} registration(s) arrived`, async () => admin.registrations().length, (seen) => seen >= count);

onEachAdapter('Spring Boot Admin client', (adapter) => {
  it('registers once the application listens, with the JSON, headers and credentials of the Java client', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const metadata = { 'user.name': 'actuator', 'user.password': 'metadata-secret', zone: 'eu-west-1' };
    const { app, messages } = await registeredApp(adapter, { url: admin.url, username: 'sba', password: 'server-secret', metadata });
    t.after(() => app.close());
    await registrations(admin, 1);

    const [call] = admin.calls;
    assert.equal(call!.method, 'POST');
    assert.equal(call!.path, '/instances');
    assert.equal(call!.headers['content-type'], 'application/json');
    assert.equal(call!.headers.accept, 'application/json');
    assert.equal(call!.headers.authorization, basic('sba', 'server-secret'));
    const body = JSON.parse(call!.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['name', 'managementUrl', 'healthUrl', 'serviceUrl', 'metadata']);
    const { startup, ...rest } = body.metadata as Record<string, string>;
    assert.deepEqual(body, {
      name: 'orders-service',
      managementUrl: `${app.baseUrl}/z`,
      healthUrl: `${app.baseUrl}/z/health`,
      serviceUrl: `${app.baseUrl}/`,
      metadata: { startup, ...rest },
    });
    assert.deepEqual(rest, metadata);
    assert.ok(!Number.isNaN(Date.parse(startup!)), `startup is an ISO date-time: ${startup}`);

    const health = await fetch(body.healthUrl as string);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'UP');
    assert.equal(app.app.get(SpringBootAdminRegistrar).instanceId, INSTANCE_ID);
    await waitUntil('the registration is logged', async () => messages.join('\n'), (log) => log.includes(INSTANCE_ID));
    assert.ok(messages.includes(`log Registered with Spring Boot Admin at ${admin.url}/instances as instance ${INSTANCE_ID}.`));
    assert.ok(!messages.join('\n').includes('secret'), 'no credential is logged');
  });

  it('registers again every period with the same body, and logs only the first registration', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const { app, messages } = await registeredApp(adapter, { url: admin.url, period: 1_000 });
    t.after(() => app.close());
    await registrations(admin, 3);
    const [first, ...later] = admin.registrations();
    for (const call of later) assert.equal(call.body, first!.body);
    assert.equal(messages.filter((message) => message.includes('Registered with Spring Boot Admin')).length, 1);
  });

  it('deregisters the id the server gave on app.close(), with the same credentials', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const { app, warnings } = await registeredApp(adapter, { url: admin.url, username: 'sba', password: 'server-secret' });
    await registrations(admin, 1);
    await waitUntil('the id is known', async () => app.app.get(SpringBootAdminRegistrar).instanceId, (id) => id === INSTANCE_ID);
    await app.close();
    const last = admin.calls.at(-1)!;
    assert.equal(last.method, 'DELETE');
    assert.equal(last.path, `/instances/${INSTANCE_ID}`);
    assert.equal(last.headers.authorization, basic('sba', 'server-secret'));
    assert.deepEqual(warnings(), []);
    assert.equal(app.app.get(SpringBootAdminRegistrar).instanceId, undefined);
  });

  it('a registration still under way at close() is let finish, and the id it brings is deregistered', async (t) => {
    const admin = await startAdminServer('hold');
    t.after(() => admin.close());
    const { app } = await registeredApp(adapter, { url: admin.url });
    await registrations(admin, 1);
    // The server has the registration but has not answered yet when the application closes.
    const closed = app.close();
    admin.release();
    await closed;
    const last = admin.calls.at(-1)!;
    assert.equal(last.method, 'DELETE', 'no ghost instance is left behind');
    assert.equal(last.path, `/instances/${INSTANCE_ID}`);
  });

  it('with autoDeregister: false leaves the instance registered on close', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const { app } = await registeredApp(adapter, { url: admin.url, autoDeregister: false });
    await registrations(admin, 1);
    await waitUntil('the id is known', async () => app.app.get(SpringBootAdminRegistrar).instanceId, (id) => id === INSTANCE_ID);
    await app.close();
    assert.deepEqual(
      admin.calls.map((call) => call.method),
      admin.calls.map(() => 'POST'),
    );
  });

  it('starts and serves while Spring Boot Admin is down, with one warning that names the server but not its password', async (t) => {
    const port = await unusedPort();
    const { app, warnings } = await registeredApp(adapter, { url: `http://sba:server-secret@127.0.0.1:${port}`, period: 1_000 });
    t.after(() => app.close());
    assert.equal((await app.request('/z/health')).status, 200);
    const [warning] = await waitUntil('the failure is logged', async () => warnings(), (seen) => seen.length > 0);
    assert.match(warning!, new RegExp(`Could not register with Spring Boot Admin at http://sba:\\*+@127\\.0\\.0\\.1:${port}/instances: .*ECONNREFUSED`));
    assert.ok(!warning!.includes('server-secret'));
  });

  it('warns once while the server fails, and logs again when it accepts the registration', async (t) => {
    const admin = await startAdminServer('unavailable');
    t.after(() => admin.close());
    const { app, messages, warnings } = await registeredApp(adapter, { url: admin.url, period: 1_000 });
    t.after(() => app.close());
    await registrations(admin, 3);
    assert.deepEqual(warnings(), [
      `warn Could not register with Spring Boot Admin at ${admin.url}/instances: answered HTTP 503. Retrying every 1000 ms; logged again once it succeeds.`,
    ]);
    admin.behaviour = 'accept';
    await waitUntil('the recovery is logged', async () => messages.join('\n'), (log) => log.includes('Registered with Spring Boot Admin'));
    assert.equal(warnings().length, 1);
  });

  it('tries the next server when the first does not answer, and deregisters where it registered', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const down = `http://127.0.0.1:${await unusedPort()}`;
    const { app } = await registeredApp(adapter, { url: [down, admin.url] });
    await registrations(admin, 1);
    await waitUntil('the id is known', async () => app.app.get(SpringBootAdminRegistrar).instanceId, (id) => id === INSTANCE_ID);
    await app.close();
    assert.equal(admin.calls.at(-1)!.method, 'DELETE');
  });

  it('a server that never answers does not hold up close(), registering or deregistering', async (t) => {
    for (const hangs of ['registration', 'deregistration']) {
      const admin = await startAdminServer(hangs === 'registration' ? 'hang' : 'accept');
      t.after(() => admin.close());
      const { app, warnings } = await registeredApp(adapter, { url: admin.url, timeout: 60_000 });
      await registrations(admin, 1);
      if (hangs === 'deregistration') {
        await waitUntil('the id is known', async () => app.app.get(SpringBootAdminRegistrar).instanceId, (id) => id === INSTANCE_ID);
        admin.behaviour = 'hang';
      }
      const started = performance.now();
      await app.close();
      // Far below the 60 s request timeout: close() did not wait for the server.
      assert.ok(performance.now() - started < 20_000, `close() returned while ${hangs} hung`);
      if (hangs === 'deregistration') {
        assert.equal(admin.calls.at(-1)!.method, 'DELETE');
        assert.match(warnings().join('\n'), /Could not deregister instance 6a1f9e2c04b7 .*: no answer within 2000 ms/);
      } else {
        assert.deepEqual(warnings(), [], 'an aborted registration at shutdown is not a failure');
      }
    }
  });

  it('with a management port registers that port as the management and health URL', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const { app } = await registeredApp(adapter, { url: admin.url }, { port: 0, address: '127.0.0.1' });
    t.after(() => app.close());
    await registrations(admin, 1);
    const body = JSON.parse(admin.registrations()[0]!.body) as Record<string, string>;
    const managementUrl = app.app.get(ManagementServer).url!;
    assert.notEqual(managementUrl, app.baseUrl);
    assert.equal(body.serviceUrl, `${app.baseUrl}/`);
    assert.equal(body.managementUrl, `${managementUrl}/z`);
    assert.equal(body.healthUrl, `${managementUrl}/z/health`);
    const health = await fetch(body.healthUrl!);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'UP');
  });

  it('registers the URLs it is given', async (t) => {
    const admin = await startAdminServer();
    t.after(() => admin.close());
    const { app } = await registeredApp(adapter, { url: `${admin.url}/`, name: 'orders', serviceUrl: 'https://orders.example.com/shop/' });
    t.after(() => app.close());
    await registrations(admin, 1);
    assert.equal(admin.calls[0]!.path, '/instances');
    const body = JSON.parse(admin.registrations()[0]!.body) as Record<string, string>;
    assert.equal(body.name, 'orders');
    assert.equal(body.serviceUrl, 'https://orders.example.com/shop/');
    assert.equal(body.managementUrl, 'https://orders.example.com/shop/z');
    assert.equal(body.healthUrl, 'https://orders.example.com/shop/z/health');
  });

  it('a bad springBootAdmin option stops start-up with an error that names the key', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /springBootAdmin\.url' is required/],
      [{ url: 'ftp://admin' }, /springBootAdmin\.url' must be an absolute http or https URL/],
      [{ url: 'http://admin', period: 500 }, /springBootAdmin\.period' must be a whole number of milliseconds from 1000/],
      [{ url: 'http://admin', username: 'sba' }, /'springBootAdmin\.username' and 'springBootAdmin\.password' go together/],
      [{ url: 'http://admin', metadata: { port: 8080 } }, /springBootAdmin\.metadata' must map names to strings/],
      [{ url: 'http://admin', periodMs: 1000 }, /springBootAdmin\.periodMs' is not known/],
    ];
    for (const [springBootAdmin, message] of cases) {
      const error = await bootstrapError(adapter, { imports: [ManagementModule.forRoot({ springBootAdmin } as never)] });
      assert.match(String(error), message);
    }
  });
});
