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

/** One test of a promtool unit-test file, the parts read here. */
interface RuleTest {
  promql_expr_test?: { expr: string; exp_samples?: { labels?: string }[] }[];
  alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
}

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

  it('every recording rule is evaluated, and every alert seen firing, in a promtool unit test', () => {
    const tests = ruleTestFiles().flatMap((file) => (parse(readFileSync(file, 'utf8')) as { tests: RuleTest[] }).tests);
    const expressions = tests.flatMap((test) => test.promql_expr_test ?? []);
    const firing = new Set(tests.flatMap((test) => test.alert_rule_test ?? []).filter((check) => (check.exp_alerts ?? []).length > 0).map((check) => check.alertname));
    const rules = shippedGroups().flatMap((group) => group.rules);
    assert.ok(rules.length >= 25, `found ${rules.length} rules`);
    const untested = rules.filter((rule) => {
      if (rule.alert !== undefined) return !firing.has(rule.alert);
      // A recording rule is tested when a query reads it and an expected sample carries its own labels
      // (the latency quantiles share a name and differ by their quantile label).
      const own = Object.entries(rule.labels ?? {}).map(([name, value]) => `${name}="${value}"`);
      return !expressions.some(
        (test) => new RegExp(`\\b${rule.record!}\\b`).test(test.expr) && (test.exp_samples ?? []).some((sample) => own.every((label) => (sample.labels ?? '').includes(label))),
      );
    });
    assert.deepEqual(untested.map((rule) => rule.record ?? rule.alert), []);
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
