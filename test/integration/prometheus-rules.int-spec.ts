// The shipped rules through Debian's promtool (PROMTOOL_BIN overrides the binary): the rules file
// is valid, and every unit test in test/prometheus-rules/ passes (each recording rule's values and
// each alert's firing, labels and text; shipped-rules.spec.ts checks that none is left out).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RULES_FILE, ruleTestFiles, shippedGroups } from '../support/shipped-rules.js';

const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL} did not run (${run.error.message}); install Debian's prometheus package`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the shipped rules under promtool', () => {
  it('promtool check rules accepts the rules file and counts every rule in it', () => {
    const { status, output } = promtool('check', 'rules', RULES_FILE);
    assert.equal(status, 0, output);
    const count = shippedGroups().reduce((total, group) => total + group.rules.length, 0);
    assert.match(output, new RegExp(`SUCCESS: ${count} rules found`));
  });

  it('promtool test rules passes every unit test file', { timeout: 120_000 }, () => {
    const files = ruleTestFiles();
    assert.ok(files.length >= 3);
    const { status, output } = promtool('test', 'rules', ...files);
    assert.equal(status, 0, output);
    assert.equal(output.match(/SUCCESS/g)?.length, files.length, output);
  });
});
