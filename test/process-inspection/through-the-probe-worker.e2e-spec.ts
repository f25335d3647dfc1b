import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADAPTERS } from '../support/test-app.js';
import { startManagementChildApp } from '../support/management-child-app.js';
import type { ManagementChildApp } from '../support/management-child-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const PLANTED_SECRET = 'planted-secret-value';

interface Memory {
  heapUsed: number;
  external: number;
}

/** Polls `url` every 50 ms until `stop` says so; every status seen (or 'timeout'), with when it was seen. */
function poll(url: string, stop: () => boolean): Promise<{ status: number | string; at: number }[]> {
  return (async () => {
    const seen: { status: number | string; at: number }[] = [];
    while (!stop()) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        seen.push({ status: response.status, at: performance.now() });
      } catch {
        seen.push({ status: 'timeout', at: performance.now() });
      }
      await sleep(50);
    }
    return seen;
  })();
}

async function memoryOf(app: ManagementChildApp): Promise<Memory> {
  return (await (await fetch(`${app.url}/memory`)).json()) as Memory;
}

for (const adapter of ADAPTERS) {
  describe(`heap snapshot, profile and report through the probe worker's management port (${adapter})`, () => {
    it('streams a heap snapshot that parses back, with the planted class, while liveness and readiness stay 200 through the pause; memory is back near its start after', { timeout: 120_000 }, async (t) => {
      // A stall limit of 1 s, and a heap that takes longer than that to snapshot: only an expected pause keeps liveness UP.
      const app = await startManagementChildApp('inspect-app', { ADAPTER: adapter, STALL_LIMIT: '1000', BALLAST: '300000' });
      t.after(() => app.stop());
      assert.ok(app.usesWorker);
      const before = await memoryOf(app);
      let done = false;
      const liveness = poll(`${app.managementUrl}/z/health/liveness`, () => done);
      const readiness = poll(`${app.managementUrl}/z/health/readiness`, () => done);
      await sleep(200);
      const started = performance.now();
      const response = await fetch(`${app.managementUrl}/z/heapdump`, { headers: TOKEN });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/octet-stream');
      assert.equal(response.headers.get('content-length'), null, 'streamed, not sized up front');
      assert.match(response.headers.get('content-disposition')!, /^attachment; filename="nestjs-management-endpoints_[\w.-]+_\d{8}T\d{6}Z\.heapsnapshot"$/);
      const text = await response.text();
      const finished = performance.now();
      await sleep(300);
      done = true;
      const snapshot = JSON.parse(text) as { snapshot: { meta: { node_fields: string[] } }; strings: string[] };
      assert.ok(snapshot.snapshot.meta.node_fields.includes('name'));
      assert.ok(snapshot.strings.includes('PlantedMarker1234'), 'the planted class is in the snapshot');
      const seen = [...(await liveness), ...(await readiness)];
      assert.deepEqual(seen.filter(({ status }) => status !== 200), [], 'every probe answered 200');
      const during = seen.filter(({ at }) => at > started && at < finished);
      assert.ok(finished - started > 1_000, `the snapshot paused the application past the stall limit (${Math.round(finished - started)} ms)`);
      assert.ok(during.length >= 4, `probes were answered during the snapshot (${during.length})`);

      const after = await memoryOf(app);
      const grown = after.heapUsed + after.external - (before.heapUsed + before.external);
      assert.ok(grown < 0.25 * before.heapUsed + 16 * 1024 * 1024, `memory is back near its start (grew ${Math.round(grown / 1024 / 1024)} MiB of ${Math.round(before.heapUsed / 1024 / 1024)} MiB)`);
      assert.equal((await fetch(`${app.url}/hot?ms=1`)).status, 200, 'the application serves on');
    });

    it('records a CPU profile that holds the function the application ran meanwhile, and a sampling heap profile', { timeout: 60_000 }, async (t) => {
      const app = await startManagementChildApp('inspect-app', { ADAPTER: adapter });
      t.after(() => app.stop());
      const profiling = fetch(`${app.managementUrl}/z/profile?seconds=2`, { headers: TOKEN });
      await sleep(300);
      for (let turn = 0; turn < 5; turn++) assert.equal((await fetch(`${app.url}/hot?ms=100`)).status, 200, 'the application serves while recording');
      const response = await profiling;
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-disposition')!, /\.cpuprofile"$/);
      const profile = (await response.json()) as { nodes: { callFrame: { functionName: string } }[]; samples: number[]; startTime: number; endTime: number };
      assert.ok(profile.samples.length > 0 && profile.endTime > profile.startTime);
      assert.ok(profile.nodes.some((node) => node.callFrame.functionName === 'burnCpuInHotFunction'), 'the hot function is in the profile');

      const heap = await fetch(`${app.managementUrl}/z/profile?seconds=1&type=heap`, { headers: TOKEN });
      assert.equal(heap.status, 200);
      assert.match(heap.headers.get('content-disposition')!, /\.heapprofile"$/);
      const sampled = (await heap.json()) as { head: { callFrame: object; children: unknown[] }; samples: unknown[] };
      assert.ok(sampled.head.callFrame && Array.isArray(sampled.head.children) && Array.isArray(sampled.samples));
    });

    it('answers the diagnostic report with the planted secret of the environment and the command line scrubbed', { timeout: 60_000 }, async (t) => {
      const app = await startManagementChildApp(
        'inspect-app',
        { ADAPTER: adapter, API_TOKEN: PLANTED_SECRET, DATABASE_URL: `postgres://orders:${PLANTED_SECRET}@db/orders` },
        { argv: [`--password=${PLANTED_SECRET}`, '--api-key', PLANTED_SECRET] },
      );
      t.after(() => app.stop());
      const response = await fetch(`${app.managementUrl}/z/report`, { headers: TOKEN });
      assert.equal(response.status, 200);
      const text = await response.text();
      assert.ok(!text.includes(PLANTED_SECRET), 'the planted secret appears nowhere');
      const report = JSON.parse(text) as { header: { commandLine: string[] }; environmentVariables: Record<string, string>; javascriptStack: object; libuv: unknown[]; workers: unknown[] };
      assert.deepEqual(report.header.commandLine.slice(-3), ['--password=******', '--api-key', '******']);
      assert.equal(report.environmentVariables.API_TOKEN, '******');
      assert.equal(report.environmentVariables.DATABASE_URL, 'postgres://orders:******@db/orders');
      assert.ok(report.javascriptStack && Array.isArray(report.libuv) && report.workers.length === 1, 'stacks, handles and the probe worker are there');
    });
  });
}
