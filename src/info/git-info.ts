import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from './application-package.js';

/** The /info `git` section, in Spring's shape. */
export interface GitInfo {
  branch?: string;
  commit?: { id?: string; time?: string };
}

/** Environment variables CI systems and platforms set, in order of preference. */
const BRANCH_VARIABLES = ['GIT_BRANCH', 'GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME', 'BRANCH_NAME', 'BUILDKITE_BRANCH', 'CIRCLE_BRANCH', 'TRAVIS_BRANCH', 'BITBUCKET_BRANCH'];
const COMMIT_VARIABLES = ['GIT_COMMIT', 'GIT_COMMIT_ID', 'GITHUB_SHA', 'CI_COMMIT_SHA', 'BUILDKITE_COMMIT', 'CIRCLE_SHA1', 'TRAVIS_COMMIT', 'BITBUCKET_COMMIT', 'SOURCE_VERSION', 'COMMIT_SHA'];
const TIME_VARIABLES = ['GIT_COMMIT_TIME', 'CI_COMMIT_TIMESTAMP'];

/**
 * Git information from a file written at build time (`explicitFile`, else `git.properties` or
 * `git.json` in `directory`), completed by the usual CI environment variables. Undefined when
 * nothing is known.
 */
export function readGitInfo(directory: string, explicitFile?: string, environment: NodeJS.ProcessEnv = process.env): GitInfo | undefined {
  const fromFile = readGitFile(explicitFile ?? findGitFile(directory));
  const pick = (names: readonly string[]) => names.map((name) => environment[name]).find((value) => !!value);
  const branch = fromFile.branch ?? pick(BRANCH_VARIABLES);
  const id = fromFile.commit?.id ?? pick(COMMIT_VARIABLES);
  const time = fromFile.commit?.time ?? pick(TIME_VARIABLES);
  if (!branch && !id && !time) return undefined;
  const info: GitInfo = {};
  if (branch) info.branch = branch;
  if (id || time) info.commit = { ...(id ? { id } : {}), ...(time ? { time } : {}) };
  return info;
}

function findGitFile(directory: string): string | undefined {
  return ['git.properties', 'git.json'].map((name) => join(directory, name)).find((path) => existsSync(path));
}

function readGitFile(path: string | undefined): GitInfo {
  if (!path) return {};
  if (path.endsWith('.json')) {
    const json = readJson(path) ?? {};
    const commit = (typeof json.commit === 'object' && json.commit !== null ? json.commit : {}) as Record<string, unknown>;
    return { branch: text(json.branch), commit: { id: text(commit.id), time: text(commit.time) } };
  }
  const properties = readProperties(path);
  return { branch: properties['git.branch'], commit: { id: properties['git.commit.id'], time: properties['git.commit.time'] } };
}

function readProperties(path: string): Record<string, string> {
  let content = '';
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const properties: Record<string, string> = {};
  for (const line of content.split(/\r?\n/)) {
    const match = /^\s*([^#!=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (match) properties[match[1]!] = match[2]!.replace(/\\:/g, ':');
  }
  return properties;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
