import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { CGROUP_ROOT } from '../../src/process-inspection/memory-headroom.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';

/** Objects only this test creates: the snapshot must hold them. */
class PlantedMarker1234 {
  constructor(readonly serial: number) {}
}
const planted = Array.from({ length: 100 }, (_, serial) => new PlantedMarker1234(serial));

/** A module that points the memory rule at a directory of the test's own cgroup files. */
function cgroupAt(directory: string) {
  @Global()
  @Module({ providers: [{ provide: CGROUP_ROOT, useValue: directory }], exports: [CGROUP_ROOT] })
  class TestCgroupModule {}
  return TestCgroupModule;
}

const MiB = 1024 * 1024;

onEachAdapter('GET /heapdump on the application port', (adapter) => {
  it('streams a V8 heap snapshot that parses back and holds the class the test planted, named for service, instance and time', { timeout: 60_000 }, async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: { heapdump: true } })] });
    t.after(() => app.close());
    const response = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('content-length'), null);
    assert.match(response.headers.get('content-disposition')!, /^attachment; filename="nestjs-management-endpoints_[\w.-]+_\d{8}T\d{6}Z\.heapsnapshot"$/);
    const snapshot = JSON.parse(await response.text()) as { snapshot: { meta: { node_fields: string[] }; node_count: number }; nodes: number[]; strings: string[] };
    assert.ok(snapshot.snapshot.meta.node_fields.includes('name'));
    assert.equal(snapshot.nodes.length, snapshot.snapshot.node_count * snapshot.snapshot.meta.node_fields.length);
    assert.ok(snapshot.strings.includes('PlantedMarker1234'), 'the planted class is in the snapshot');
    assert.equal(planted.length, 100);
  });

  it('streams from a management port served by the main thread (probes.worker: false) too', { timeout: 60_000 }, async (t) => {
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', probes: { worker: false }, authorizer: byToken, diagnostics: { heapdump: true } })],
    });
    t.after(() => app.close());
    const server = app.app.get(ManagementServer);
    assert.equal(server.usesWorker, false);
    const response = await fetch(`${server.url}/z/heapdump`, { headers: TOKEN });
    assert.equal(response.status, 200);
    assert.ok((JSON.parse(await response.text()) as { strings: string[] }).strings.includes('PlantedMarker1234'));
  });

  it('is refused with 503 when the container limit (cgroup v2, then v1) leaves too little memory, and taken again once it does not', { timeout: 30_000 }, async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'cgroup-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: { heapdump: true } }), cgroupAt(root)],
    });
    t.after(() => app.close());
    const rss = process.memoryUsage.rss();
    await writeFile(join(root, 'memory.max'), `${rss + 8 * MiB}\n`);
    await writeFile(join(root, 'memory.current'), `${rss}\n`);
    await writeFile(join(root, 'memory.stat'), 'anon 1\ninactive_file 0\n');
    const v2 = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(v2.status, 503);
    assert.match(((await v2.json()) as { message: string }).message, /^A heap snapshot needs about \d+ MiB of free memory \(8 times the V8 heap in use\) and the container limit \(cgroup v2\) leaves \d+ MiB/);

    await rm(join(root, 'memory.max'));
    await mkdir(join(root, 'memory'));
    await writeFile(join(root, 'memory', 'memory.limit_in_bytes'), `${rss + 8 * MiB}\n`);
    await writeFile(join(root, 'memory', 'memory.usage_in_bytes'), `${rss}\n`);
    const v1 = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(v1.status, 503);
    assert.match(((await v1.json()) as { message: string }).message, /the container limit \(cgroup v1\) leaves \d+ MiB/);

    // The kernel's "no limit" in v1, then v2's `max`: the snapshot is taken (HEAD: its headers, not its body).
    await writeFile(join(root, 'memory', 'memory.limit_in_bytes'), '9223372036854771712\n');
    assert.equal((await app.request('/z/heapdump', { method: 'HEAD', headers: TOKEN })).status, 200);
    await writeFile(join(root, 'memory.max'), 'max\n');
    assert.equal((await app.request('/z/heapdump', { method: 'HEAD', headers: TOKEN })).status, 200);
  });

  it('counts the text that waits in memory only where the paused thread writes it itself: 8 times the heap there, 6 through the probe worker', { timeout: 30_000 }, async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'cgroup-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    const rss = process.memoryUsage.rss();
    await writeFile(join(root, 'memory.max'), `${rss + 8 * MiB}\n`);
    await writeFile(join(root, 'memory.current'), `${rss}\n`);
    for (const [worker, factor] of [[false, 8], [true, 6]] as const) {
      const options = { port: 0, address: '127.0.0.1', probes: { worker }, authorizer: byToken, diagnostics: { heapdump: true } };
      const app = await startApp(adapter, { imports: [ManagementModule.forRoot(options), cgroupAt(root)] });
      t.after(() => app.close());
      const response = await fetch(`${app.app.get(ManagementServer).url}/z/heapdump`, { headers: TOKEN });
      assert.equal(response.status, 503);
      assert.match(((await response.json()) as { message: string }).message, new RegExp(`\\(${factor} times the V8 heap in use\\)`), `probes.worker: ${worker}`);
    }
  });

  it('takes one snapshot at a time: a second request while one is being downloaded gets 409 with Retry-After', { timeout: 60_000 }, async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: { heapdump: true } })] });
    t.after(() => app.close());
    const first = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(first.status, 200);
    // The first body is not read yet: the snapshot is still on its way out.
    const second = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(second.status, 409);
    assert.equal(second.headers.get('retry-after'), '10');
    assert.deepEqual(await second.json(), {
      statusCode: 409,
      error: 'Conflict',
      message: 'A heap snapshot is already being taken or downloaded; ask again when it is done (one at a time).',
    });
    JSON.parse(await first.text());
    const third = await app.request('/z/heapdump', { headers: TOKEN });
    assert.equal(third.status, 200, 'free again once the first has left');
    await third.arrayBuffer();
  });
});
