// The shipped Prometheus rules, without Prometheus: the PrometheusRule manifest carries exactly the
// rules file's groups, every rule has a promtool unit test, and the package ships both files.
// promtool itself runs them in test/integration/prometheus-rules.int-spec.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GENERATOR_SCRIPT, PROMETHEUS_RULE_FILE, ruleTestFiles, shippedGroups } from '../support/shipped-rules.js';

const PACKAGE = fileURLToPath(new URL('../../../package.json', import.meta.url));

describe('the shipped Prometheus rules', () => {
  it('the PrometheusRule manifest has the same groups as the rules file, and is what the generator writes now', () => {
    const manifest = parse(readFileSync(PROMETHEUS_RULE_FILE, 'utf8')) as { apiVersion: string; kind: string; spec: { groups: unknown } };
    assert.equal(manifest.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(manifest.kind, 'PrometheusRule');
    assert.deepEqual(manifest.spec.groups, shippedGroups());
    const check = spawnSync(process.execPath, [GENERATOR_SCRIPT, '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it('every recording rule and every alert is named in a promtool unit test', () => {
    const tests = ruleTestFiles().map((file) => readFileSync(file, 'utf8')).join('\n');
    const names = shippedGroups().flatMap((group) => group.rules.map((rule) => rule.record ?? rule.alert!));
    assert.ok(names.length >= 25, `found ${names.length} rules`);
    const untested = [...new Set(names)].filter((name) => !new RegExp(`(alertname: ${name}\\b|\\b${name}\\b)`).test(tests));
    assert.deepEqual(untested, []);
  });

  it('each alert has a severity Alertmanager can route on, a summary and a description', () => {
    for (const rule of shippedGroups().flatMap((group) => group.rules).filter((rule) => rule.alert !== undefined)) {
      assert.match(rule.labels?.severity ?? '', /^(warning|critical)$/, rule.alert);
      assert.ok(rule.annotations?.summary && rule.annotations.description, rule.alert);
    }
  });

  it('the npm package ships the prometheus folder', () => {
    const { files } = JSON.parse(readFileSync(PACKAGE, 'utf8')) as { files: string[] };
    assert.ok(files.includes('prometheus'), JSON.stringify(files));
  });
});
