import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whichever output folder the bench was compiled to. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const PACKAGES: [label: string, path: string[]][] = [
  ['@nestjs/core', ['@nestjs/core']],
  ['@nestjs/platform-express', ['@nestjs/platform-express']],
  ['express', ['@nestjs/platform-express/node_modules/express', 'express']],
  ['@nestjs/platform-fastify', ['@nestjs/platform-fastify']],
  ['fastify', ['@nestjs/platform-fastify/node_modules/fastify', 'fastify']],
  ['@nestjs/terminus', ['@nestjs/terminus']],
  ['autocannon', ['autocannon']],
];

/** Machine, runtime and versions of everything measured, for the report. */
export function describeEnvironment(): [string, string][] {
  const processors = cpus();
  return [
    ['CPU', `${processors[0]?.model ?? 'unknown'} (${processors.length} cores)`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${type()} ${release()} ${process.arch}`],
    ['Node', process.version],
    ['nestjs-management-endpoints', `${versionOf('..')} (${commit()})`],
    ...PACKAGES.map(([label, paths]): [string, string] => [label, paths.map(versionOf).find(Boolean) ?? 'not found']),
  ];
}

function versionOf(path: string): string {
  const file = join(REPO_ROOT, 'node_modules', path, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '';
}

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `commit ${hash} with uncommitted changes in src/` : `commit ${hash}`;
  } catch {
    return 'commit unknown';
  }
}
