import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import {
  EventLoopDelayHealthIndicator,
  HealthCheck,
  ManagementModule,
  diskCheck,
  eventLoopDelayCheck,
  eventLoopUtilizationCheck,
  httpCheck,
  memoryCheck,
} from '../../src/index.js';
import type { HealthCheckRegistration } from '../../src/index.js';
import { call, started } from '../support/health-fixtures.js';
import { startPeer } from '../support/peer-server.js';
import type { PeerServer } from '../support/peer-server.js';
import { startStalledServer, unusedPort } from '../support/stalled-server.js';
import { onEachAdapter } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

interface Component {
  status: string;
  details?: Record<string, unknown> & { error?: string };
}

async function appWithChecks(t: TestContext, adapter: AdapterName, checks: HealthCheckRegistration[]): Promise<TestApp> {
  return started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', ttl: 0, checks })] });
}

async function componentOf(app: TestApp, name: string): Promise<Component> {
  const answer = await call(app, `/z/health/${name}`);
  const body = answer.body as Component;
  assert.equal(answer.status, body.status === 'UP' ? 200 : 503, 'the code follows the status');
  return body;
}

async function peer(t: TestContext, status: number, body: string): Promise<PeerServer> {
  const server = await startPeer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(body);
  });
  t.after(() => server.close());
  return server;
}

onEachAdapter('process indicators', (adapter) => {
  it('memory, event loop and disk are UP through the checks option, in the liveness group', async (t) => {
    const delay = eventLoopDelayCheck('event-loop-delay', { groups: ['liveness'] });
    const utilization = eventLoopUtilizationCheck('event-loop-utilization', { groups: ['liveness'] });
    t.after(() => {
      delay.indicator.stop();
      utilization.indicator.stop();
    });
    const registrations = [memoryCheck('memory', { groups: ['liveness'] }), delay, utilization, diskCheck('disk', { path: '.', groups: ['liveness'] })];
    const app = await appWithChecks(t, adapter, registrations);
    const liveness = await call(app, '/z/health/liveness');
    assert.equal(liveness.status, 200, liveness.text);
    // Liveness itself is terse; its components are listed by the group endpoint of /health.
    const answer = await call(app, '/z/health');
    const body = answer.body as { status: string; components: Record<string, Component> };
    assert.equal(body.status, 'UP');
    for (const name of ['memory', 'event-loop-delay', 'event-loop-utilization', 'disk']) {
      assert.equal(body.components[name]?.status, 'UP', name);
    }
  });

  it('a memory limit that is exceeded is DOWN with the observed value and the limit', async (t) => {
    const app = await appWithChecks(t, adapter, [memoryCheck('memory', { maxRssBytes: 1024 })]);
    const result = await componentOf(app, 'memory');
    assert.equal(result.status, 'DOWN');
    assert.match(result.details?.error ?? '', /^resident set size \d+ bytes is above the limit of 1024 bytes$/);
    assert.equal(result.details?.maxRssBytes, 1024);
  });

  it('an indicator class works as a decorated provider and stops its monitor when the app closes', async (t) => {
    const stopped: string[] = [];
    @HealthCheck('event-loop', { groups: ['liveness'] })
    @Injectable()
    class EventLoopHealth extends EventLoopDelayHealthIndicator {
      constructor() {
        super({ maxDelayMs: 2000 });
      }
      override stop(): void {
        stopped.push('stopped');
        super.stop();
      }
    }
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always' })],
      providers: [EventLoopHealth],
    });
    const result = await componentOf(app, 'event-loop');
    assert.equal(result.status, 'UP');
    assert.equal(result.details?.maxDelayMs, 2000);
    await app.close();
    assert.deepEqual(stopped, ['stopped']);
  });
});

onEachAdapter('HTTP indicator', (adapter) => {
  it('is UP for a status in the expected range, with status, latency and the range', async (t) => {
    const server = await peer(t, 204, '');
    const app = await appWithChecks(t, adapter, [httpCheck('website', `${server.url}/`)]);
    const result = await componentOf(app, 'website');
    assert.equal(result.status, 'UP');
    assert.equal(result.details?.httpStatus, 204);
    assert.equal(result.details?.expectedStatus, '200-299');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN for a status outside the expected range', async (t) => {
    const server = await peer(t, 500, 'boom');
    const app = await appWithChecks(t, adapter, [httpCheck('website', `${server.url}/`)]);
    const result = await componentOf(app, 'website');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'answered HTTP 500; expected 200-299');
    assert.equal(result.details?.httpStatus, 500);
  });

  it('accepts a single expected status', async (t) => {
    const server = await peer(t, 418, 'teapot');
    const app = await appWithChecks(t, adapter, [httpCheck('teapot', `${server.url}/`, { expectedStatus: 418 })]);
    assert.equal((await componentOf(app, 'teapot')).status, 'UP');
  });

  it('is UP or DOWN as the body predicate says', async (t) => {
    const server = await peer(t, 200, 'all systems go');
    const app = await appWithChecks(t, adapter, [
      httpCheck('go', `${server.url}/`, { body: (body) => body.includes('go') }),
      httpCheck('stop', `${server.url}/`, { body: (body) => body.includes('stop') }),
    ]);
    assert.equal((await componentOf(app, 'go')).status, 'UP');
    const stop = await componentOf(app, 'stop');
    assert.equal(stop.status, 'DOWN');
    assert.equal(stop.details?.error, 'answered HTTP 200 with a body the predicate rejected');
  });

  it('is DOWN when the body is larger than maxBodyBytes', async (t) => {
    const server = await peer(t, 200, 'x'.repeat(4096));
    const app = await appWithChecks(t, adapter, [httpCheck('big', `${server.url}/`, { body: () => true, maxBodyBytes: 1024 })]);
    const result = await componentOf(app, 'big');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'response body is larger than 1024 bytes');
  });

  it('is DOWN with the refusal when nothing listens', async (t) => {
    const app = await appWithChecks(t, adapter, [httpCheck('gone', `http://127.0.0.1:${await unusedPort()}/`)]);
    const result = await componentOf(app, 'gone');
    assert.equal(result.status, 'DOWN');
    assert.match(result.details?.error ?? '', /^request failed: .*ECONNREFUSED/);
  });

  it('is DOWN within its timeout when the server accepts and never answers, and the request is aborted', async (t) => {
    const stalled = await startStalledServer();
    t.after(() => stalled.close());
    const app = await appWithChecks(t, adapter, [httpCheck('stalled', `http://127.0.0.1:${stalled.port}/`, { timeout: 200 })]);
    const result = await componentOf(app, 'stalled');
    assert.equal(result.status, 'DOWN');
    assert.equal(result.details?.error, 'check did not finish within 200 ms');
  });

  it('hides a password in the URL it reports', async (t) => {
    const server = await peer(t, 200, 'ok');
    const app = await appWithChecks(t, adapter, [httpCheck('secret', `http://user:hunter2@${server.host}/`)]);
    const result = await componentOf(app, 'secret');
    assert.equal(result.details?.url, `http://user:******@${server.host}/`);
  });
});

describe('HTTP indicator options', () => {
  it('refuses a URL that is not http(s) and a bad status range, naming the option', () => {
    assert.throws(() => httpCheck('x', 'ftp://example.com/'), /HTTP health indicator: 'url' must be an http\(s\) URL/);
    assert.throws(() => httpCheck('x', 'http://example.com/', { expectedStatus: [300, 200] }), /'expectedStatus' must be/);
  });
});
