import { readFile } from 'node:fs/promises';

// Compiled to build/sample/management/, three levels below the package root.
const PACKAGE_JSON = new URL('../../../package.json', import.meta.url);

let cached: Promise<string> | undefined;

/**
 * The `version` option as an async function: `VERSION` from the environment when set (what a
 * container build would inject), else the version in package.json, read once.
 */
export function appVersion(): Promise<string> {
  if (process.env.VERSION) return Promise.resolve(process.env.VERSION);
  cached ??= readFile(PACKAGE_JSON, 'utf8').then((text) => `${(JSON.parse(text) as { version: string }).version}-sample`);
  return cached;
}
