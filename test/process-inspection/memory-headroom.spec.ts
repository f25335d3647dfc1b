import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryHeadroom } from '../../src/process-inspection/memory-headroom.js';

const GiB = 1024 ** 3;

/** A directory laid out like /sys/fs/cgroup, with `files` (paths relative to it) written. */
function cgroupWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cgroup-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('MemoryHeadroom', () => {
  it('cgroup v2: the limit less the working set (usage less inactive file cache), when that is below free memory', (t) => {
    const rss = process.memoryUsage.rss();
    const root = cgroupWith({ 'memory.max': `${rss + 3 * GiB}\n`, 'memory.current': `${rss + 2 * GiB}\n`, 'memory.stat': `anon 5\ninactive_file ${GiB}\nactive_file 7\n` });
    t.after(() => rmSync(root, { recursive: true }));
    const headroom = new MemoryHeadroom(root).measure();
    if (freemem() < 2 * GiB) return assert.equal(headroom.boundBy, 'free system memory');
    assert.equal(headroom.boundBy, 'the container limit (cgroup v2)');
    assert.equal(headroom.available, 2 * GiB);
  });

  it("cgroup v2 'max' and cgroup v1's page-aligned largest value mean no limit: free memory decides", (t) => {
    for (const files of [{ 'memory.max': 'max\n' }, { 'memory/memory.limit_in_bytes': '9223372036854771712\n' }] as Record<string, string>[]) {
      const root = cgroupWith(files);
      t.after(() => rmSync(root, { recursive: true }));
      assert.equal(new MemoryHeadroom(root).measure().boundBy, 'free system memory');
    }
  });

  it('cgroup v1: the limit less what the process holds, at least its resident memory', (t) => {
    const rss = process.memoryUsage.rss();
    const root = cgroupWith({ 'memory/memory.limit_in_bytes': `${rss + 64 * 1024 * 1024}\n`, 'memory/memory.usage_in_bytes': '1\n' });
    t.after(() => rmSync(root, { recursive: true }));
    const headroom = new MemoryHeadroom(root).measure();
    assert.equal(headroom.boundBy, 'the container limit (cgroup v1)');
    assert.ok(headroom.available <= 64 * 1024 * 1024 && headroom.available > 0, String(headroom.available));
  });

  it('no cgroup files at all: free memory', (t) => {
    const root = cgroupWith({});
    t.after(() => rmSync(root, { recursive: true }));
    assert.equal(new MemoryHeadroom(root).measure().boundBy, 'free system memory');
  });
});
