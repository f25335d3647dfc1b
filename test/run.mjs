// Runs the compiled test files of the given kinds with Node's own test runner:
//   unit -> *.spec.js, e2e -> *.e2e-spec.js, integration -> *.int-spec.js, browser -> *.browser-spec.js
//   (under build/test; the browser kind drives a real Chromium, so `npm test` never needs one).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SUFFIXES = { unit: '.spec.js', e2e: '.e2e-spec.js', integration: '.int-spec.js', browser: '.browser-spec.js' };
const kinds = process.argv.slice(2);
const root = join(process.env.TEST_BUILD_DIR ?? 'build', 'test');
const files = readdirSync(root, { recursive: true })
  .map((file) => join(root, String(file)))
  .filter((file) => kinds.some((kind) => matches(file, kind)))
  .sort();

function matches(file, kind) {
  if (kind === 'unit') return file.endsWith('.spec.js') && !Object.values(SUFFIXES).some((suffix) => suffix !== '.spec.js' && file.endsWith(suffix));
  return file.endsWith(SUFFIXES[kind]);
}

if (files.length === 0) {
  console.error(`No test files of kind ${kinds.join(', ')} under ${root}.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
