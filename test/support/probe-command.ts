import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled probe command, as `node <this file>` runs it in an image without npx. */
export const PROBE_COMMAND_FILE = fileURLToPath(new URL('../../src/probe-command/probe.js', import.meta.url));

/** What one run of the probe command did. */
export interface ProbeRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the whole process, start-up included. */
  readonly elapsedMs: number;
}

/**
 * A folder holding only a `node` symlink: as PATH it gives a child process node and nothing else
 * (no curl, no wget, no shell), like a distroless image. Removed by `remove()`.
 */
export interface NodeOnlyPath {
  readonly path: string;
  remove(): void;
}

export function nodeOnlyPath(): NodeOnlyPath {
  const path = mkdtempSync(join(tmpdir(), 'node-only-path-'));
  symlinkSync(process.execPath, join(path, 'node'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Runs `node <file> ...args` with exactly `env` (nothing inherited) and PATH set to `path`, so
 * `node` is found through that PATH, and reads everything it prints.
 */
export async function runProbeCommand(path: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, file = PROBE_COMMAND_FILE): Promise<ProbeRun> {
  const started = performance.now();
  const child = spawn('node', [file, ...args], { env: { ...env, PATH: path }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [exitCode] = (await once(child, 'close')) as [number | null];
  return { exitCode, stdout, stderr, elapsedMs: performance.now() - started };
}
