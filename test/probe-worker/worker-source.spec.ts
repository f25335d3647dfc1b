import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe("the probe worker's generated source", () => {
  it("matches the worker's code as it is now (a build by tsc alone, without the generation step, would run an older worker)", () => {
    const check = spawnSync(process.execPath, ['scripts/bundle-probe-worker.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });
});
