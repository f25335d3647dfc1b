import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { DiskHealthIndicator, HealthCheckService, HealthIndicatorService, HttpHealthIndicator, MemoryHealthIndicator, TerminusModule } from '@nestjs/terminus';
import { HealthCheck, HealthRegistry, ManagementModule, runTerminusIndicator, terminusCheck } from '../../src/index.js';
import type { HealthIndicator } from '../../src/index.js';
import { startPeer } from '../support/peer-server.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

/** Set by each test before the app starts: the limits the wrapped terminus indicators use. */
const limits = { heapBytes: 0, diskThreshold: 0, url: '' };

@HealthCheck('memory_heap', { groups: ['liveness'] })
@Injectable()
class HeapHealth implements HealthIndicator {
  constructor(private readonly memory: MemoryHealthIndicator) {}
  check() {
    return runTerminusIndicator(() => this.memory.checkHeap('memory_heap', limits.heapBytes));
  }
}

@HealthCheck('disk')
@Injectable()
class DiskHealth implements HealthIndicator {
  constructor(private readonly disk: DiskHealthIndicator) {}
  check() {
    return runTerminusIndicator(() => this.disk.checkStorage('disk', { path: '/', thresholdPercent: limits.diskThreshold }));
  }
}

@HealthCheck('peer')
@Injectable()
class PeerHealth implements HealthIndicator {
  constructor(private readonly http: HttpHealthIndicator) {}
  check() {
    return runTerminusIndicator(() => this.http.pingCheck('peer', limits.url, { timeout: 400 }));
  }
}

/** The terminus 11+ way to write a custom indicator: HealthIndicatorService's up()/down(). */
@Injectable()
class QueueIndicator {
  depth = 3;
  constructor(private readonly indicators: HealthIndicatorService) {}
  isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    return this.depth < 10 ? indicator.up({ depth: this.depth }) : indicator.down({ depth: this.depth, reason: 'queue backed up' });
  }
}

/** What terminus 10 and earlier threw from an indicator: HealthCheckError, with the results as `causes`. */
class HealthCheckError extends Error {
  readonly isHealthCheckError = true;
  constructor(
    message: string,
    readonly causes: unknown,
  ) {
    super(message);
  }
}

async function terminusApp(adapter: 'express' | 'fastify') {
  return startApp(adapter, {
    imports: [TerminusModule, ManagementModule.forRoot({ showDetails: 'always', ttl: 0 })],
    providers: [HeapHealth, DiskHealth, PeerHealth, QueueIndicator],
  });
}

type Component = { status: string; details?: Record<string, unknown>; checkedAt?: string; durationMs?: number };

/** The components of a health body, without their timing. */
async function componentsOf(response: Response): Promise<Record<string, Component>> {
  const { components } = (await response.json()) as { components: Record<string, Component> };
  for (const component of Object.values(components)) {
    delete component.checkedAt;
    delete component.durationMs;
  }
  return components;
}

onEachAdapter("terminus indicators as checks", (adapter) => {
  it("terminus' own Memory, Disk and Http indicators, wrapped, are UP", async (t) => {
    const peer = await startPeer((_request, response) => response.end('ok'));
    t.after(() => peer.close());
    Object.assign(limits, { heapBytes: 2 ** 40, diskThreshold: 1, url: peer.url });
    const app = await terminusApp(adapter);
    t.after(() => app.close());
    const response = await app.request('/z/health');
    assert.equal(response.status, 200);
    const components = await componentsOf(response);
    for (const name of ['memory_heap', 'disk', 'peer']) assert.equal(components[name]?.status, 'UP', name);
    assert.deepEqual(components.memory_heap, { status: 'UP' });
    assert.equal((await app.request('/z/health/liveness')).status, 200);
  });

  it('and DOWN with the reason terminus gave when over their limits or unreachable', async (t) => {
    const peer = await startPeer((_request, response) => response.end('ok'));
    await peer.close();
    Object.assign(limits, { heapBytes: 1, diskThreshold: 1e-9, url: peer.url });
    const app = await terminusApp(adapter);
    t.after(() => app.close());
    const response = await app.request('/z/health');
    assert.equal(response.status, 503);
    const components = await componentsOf(response);
    assert.deepEqual(components.memory_heap, { status: 'DOWN', details: { error: 'Used heap exceeded the set threshold' } });
    assert.equal(components.disk!.status, 'DOWN');
    assert.equal(components.disk!.details!.error, 'Used disk storage exceeded the set threshold');
    assert.equal(components.peer!.status, 'DOWN');
    assert.match(String(components.peer!.details!.error), /ECONNREFUSED/);
    assert.equal((await app.request('/z/health/liveness')).status, 503, 'the wrapped heap check is in liveness');
  });

  it('a HealthIndicatorService-based indicator, an old HealthCheckError and a whole HealthCheckService.check() register through terminusCheck()', async (t) => {
    Object.assign(limits, { heapBytes: 2 ** 40, diskThreshold: 1, url: 'http://127.0.0.1:9/' });
    const app = await terminusApp(adapter);
    t.after(() => app.close());
    const queue = app.app.get(QueueIndicator);
    const health = app.app.get(HealthCheckService);
    const memory = app.app.get(MemoryHealthIndicator);
    const registry = app.app.get(HealthRegistry);
    registry.register(terminusCheck('queue', () => queue.isHealthy('queue'), { groups: ['jobs'] }));
    registry.register(terminusCheck('legacy', () => Promise.reject(new HealthCheckError('replica lag', { legacy: { status: 'down', lagSeconds: 42 } })), { groups: ['old'] }));
    registry.register(terminusCheck('suite', () => health.check([() => memory.checkRSS('rss', 2 ** 40), () => queue.isHealthy('queue')]), { groups: ['suites'] }));

    const up = await app.request('/z/health/jobs');
    assert.equal(up.status, 200);
    assert.deepEqual(await componentsOf(up), { queue: { status: 'UP', details: { depth: 3 } } });
    const suite = await app.request('/z/health/suites');
    assert.equal(suite.status, 200);
    assert.deepEqual((await componentsOf(suite)).suite!.details, { rss: { status: 'up' }, queue: { status: 'up', depth: 3 } });

    queue.depth = 12;
    const down = await app.request('/z/health/jobs');
    assert.equal(down.status, 503);
    assert.deepEqual((await componentsOf(down)).queue, { status: 'DOWN', details: { depth: 12, reason: 'queue backed up', error: "terminus indicator 'queue' is down" } });
    const suiteDown = await componentsOf(await app.request('/z/health/suites'));
    assert.equal(suiteDown.suite!.status, 'DOWN', 'the ServiceUnavailableException HealthCheckService throws');
    assert.deepEqual(suiteDown.suite!.details, { depth: 12, reason: 'queue backed up', error: "terminus indicator 'queue' is down" });
    const legacy = await componentsOf(await app.request('/z/health/old'));
    assert.deepEqual(legacy.legacy, { status: 'DOWN', details: { lagSeconds: 42, error: 'replica lag' } });
  });
});

it('the adapter never loads @nestjs/terminus itself', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../../src/terminus/terminus-indicator.js', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /(from|import\(|require\()\s*'@nestjs\/terminus/);
});
