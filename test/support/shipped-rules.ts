import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The rules file the package ships, and the PrometheusRule generated from it. */
export const RULES_FILE = join(ROOT, 'prometheus', 'management-endpoints.rules.yml');
export const PROMETHEUS_RULE_FILE = join(ROOT, 'prometheus', 'management-endpoints.prometheusrule.yml');
export const GENERATOR_SCRIPT = join(ROOT, 'scripts', 'generate-prometheus-rule.mjs');
/** The promtool unit tests of the shipped rules (`promtool test rules <file>...`). */
export const RULE_TESTS_DIR = join(ROOT, 'test', 'prometheus-rules');

/** One rule of a Prometheus rule group: a recording rule (`record`) or an alert (`alert`). */
export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** The groups of the shipped rules file. */
export function shippedGroups(): RuleGroup[] {
  return (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: RuleGroup[] }).groups;
}

/** The promtool unit-test files, as absolute paths. */
export function ruleTestFiles(): string[] {
  return readdirSync(RULE_TESTS_DIR)
    .filter((file) => file.endsWith('.test.yml'))
    .sort()
    .map((file) => join(RULE_TESTS_DIR, file));
}

/**
 * The shipped groups with every alert's `for` set to `pending` and no group `interval`, so a
 * Prometheus evaluating every second shows an alert pending, then firing, within seconds. Only
 * the timing changes: the expressions, labels and annotations are the shipped ones.
 */
export function groupsWithShortFor(pending: string): RuleGroup[] {
  return shippedGroups().map(({ interval: _interval, ...group }) => ({
    ...group,
    rules: group.rules.map((rule) => (rule.for === undefined ? rule : { ...rule, for: pending })),
  }));
}
