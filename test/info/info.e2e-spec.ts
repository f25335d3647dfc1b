import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InfoContributor, InfoRegistry, ManagementModule } from '../../src/index.js';
import type { InfoSection, ManagementModuleOptions } from '../../src/index.js';
import { bootstrapError, onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

/** A throwaway application directory with its own package.json and git.properties. */
function applicationDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'info-app-'));
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'orders-service', version: '3.1.4', description: 'Takes orders' }));
  writeFileSync(join(directory, 'git.properties'), 'git.branch=main\ngit.commit.id=0123456789abcdef\ngit.commit.time=2026-11-01T10\\:00\\:00Z\n');
  return directory;
}

/** This host's /etc/machine-id, or undefined where there is none. */
function machineId(): string | undefined {
  try {
    return readFileSync('/etc/machine-id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

type Info = Record<string, Record<string, unknown>>;

/** An app reading the throwaway application directory, with `options` added. */
async function infoApp(adapter: AdapterName, options: ManagementModuleOptions = {}) {
  const directory = applicationDirectory();
  return startApp(adapter, {
    imports: [ManagementModule.forRoot({ info: { packageJson: join(directory, 'package.json'), serviceInstanceId: true }, ...options })],
  });
}

const INSTANCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@InfoContributor('team')
@Injectable()
class TeamInfo implements InfoSection {
  contribute() {
    return { owner: 'payments', oncall: '#payments-oncall' };
  }
}

@InfoContributor('broken')
@Injectable()
class BrokenInfo implements InfoSection {
  contribute(): never {
    throw new Error('the registry is down');
  }
}

onEachAdapter('GET /info', (adapter) => {
  it('shows everyone app, build, git and the service.* attributes, and nothing about the host or process', async (t) => {
    const app = await infoApp(adapter);
    t.after(() => app.close());
    const response = await app.request('/z/info');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const info = (await response.json()) as Info;
    const instanceId = info['trace.attributes']?.['service.instance.id'];
    assert.match(String(instanceId), INSTANCE_ID);
    assert.deepEqual(info, {
      app: { name: 'orders-service', version: '3.1.4', description: 'Takes orders' },
      build: { artifact: 'orders-service', name: 'orders-service', version: '3.1.4' },
      git: { branch: 'main', commit: { id: '0123456789abcdef', time: '2026-11-01T10:00:00Z' } },
      'trace.attributes': { 'service.name': 'orders-service', 'service.version': '3.1.4', 'service.instance.id': instanceId },
    });
  });

  it("with showDetails 'always' shows every OpenTelemetry resource attribute, host and process included", async (t) => {
    const app = await infoApp(adapter, { showDetails: 'always' });
    t.after(() => app.close());
    const response = await app.request('/z/info');
    assert.equal(response.status, 200);
    const info = (await response.json()) as Info;
    assert.deepEqual(info.app, { name: 'orders-service', version: '3.1.4', description: 'Takes orders' });
    assert.deepEqual(info.git, { branch: 'main', commit: { id: '0123456789abcdef', time: '2026-11-01T10:00:00Z' } });
    const attributes = info['trace.attributes']!;
    assert.equal(attributes['service.name'], 'orders-service');
    assert.equal(attributes['process.pid'], process.pid);
    assert.equal(attributes['process.runtime.name'], 'nodejs');
    assert.equal(attributes['process.runtime.version'], process.versions.node);
    assert.equal(attributes['process.executable.path'], process.execPath);
    for (const key of ['host.arch', 'host.name', 'host.hostname', 'os.type', 'os.description', 'process.command_line']) {
      assert.equal(typeof attributes[key], 'string', key);
    }
    assert.match(String(attributes['service.instance.id']), INSTANCE_ID);
  });

  it('publishes host.id, a hash of the machine id keyed by the service name, and never the machine id itself', async (t) => {
    const app = await infoApp(adapter, { showDetails: 'always' });
    t.after(() => app.close());
    const text = await (await app.request('/z/info')).text();
    const attributes = (JSON.parse(text) as Info)['trace.attributes']!;
    assert.equal(attributes['machine.id'], undefined);
    const id = machineId();
    if (id) {
      assert.equal(attributes['host.id'], createHmac('sha256', 'orders-service').update(id).digest('hex').slice(0, 32));
      assert.ok(!text.includes(id), 'the machine id is not in the body');
    } else {
      assert.equal(attributes['host.id'], undefined, 'no machine id, no host.id');
    }
  });

  it('the authorizer decides who sees the host and process attributes', async (t) => {
    const app = await infoApp(adapter, { authorizer: (request) => (request as { headers: Record<string, unknown> }).headers['x-admin'] === 'yes' });
    t.after(() => app.close());
    const anonymous = (await (await app.request('/z/info')).json()) as Info;
    assert.deepEqual(Object.keys(anonymous['trace.attributes']!), ['service.name', 'service.version', 'service.instance.id']);
    const admin = (await (await app.request('/z/info', { headers: { 'x-admin': 'yes' } })).json()) as Info;
    assert.equal(admin['trace.attributes']!['process.pid'], process.pid);
    assert.equal(typeof admin['trace.attributes']!['host.name'], 'string');
    assert.deepEqual(admin.app, anonymous.app);
  });

  it('service.instance.id is the same across restarts on one host', async () => {
    const ids: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ info: { serviceInstanceId: true } })] });
      ids.push(((await (await app.request('/z/info')).json()) as Record<string, Record<string, unknown>>)['trace.attributes']!['service.instance.id']);
      await app.close();
    }
    assert.equal(typeof ids[0], 'string');
    assert.equal(ids[0], ids[1]);
  });

  it('adds @InfoContributor sections, option sections and run-time sections; a failing one is reported alone', async (t) => {
    const app = await startApp(adapter, {
      imports: [
        ManagementModule.forRoot({
          timeout: 100,
          info: { contributors: { region: () => ({ name: 'eu-west-1' }), slow: () => new Promise(() => undefined) } },
        }),
      ],
      providers: [TeamInfo, BrokenInfo],
    });
    t.after(() => app.close());
    app.app.get(InfoRegistry).register('features', async () => ({ checkout: true }));
    const response = await app.request('/z/info');
    assert.equal(response.status, 200);
    const info = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(info.team, { owner: 'payments', oncall: '#payments-oncall' });
    assert.deepEqual(info.region, { name: 'eu-west-1' });
    assert.deepEqual(info.features, { checkout: true });
    assert.deepEqual(info.broken, { error: 'contributor failed; see the application log' });
    assert.deepEqual(info.slow, { error: 'contributor failed; see the application log' });
    assert.ok(!JSON.stringify(info).includes('the registry is down'), 'the failure reason stays in the log');
  });

  it('a contributor may not take a built-in section name', async () => {
    const error = await bootstrapError(adapter, {
      imports: [ManagementModule.forRoot({ info: { contributors: { git: () => ({}) } } })],
    });
    assert.match(String(error), /The \/info section 'git' is built in/);
  });
});
