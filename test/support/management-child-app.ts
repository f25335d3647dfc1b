import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildApp } from './child-app.js';

/** A child-process application with a management port of its own. */
export interface ManagementChildApp extends ChildApp {
  /** The management port's URL, e.g. `http://127.0.0.1:9000`. */
  readonly managementUrl: string;
  /** Whether the probe worker serves the management port. */
  readonly usesWorker: boolean;
  /** Everything the process has printed on stdout so far (Nest's logger writes warnings there). */
  printed(): string;
}

/** What a child application runs and how (default: the fixture, in the test's working directory, with no Node flags nor arguments). */
export interface ChildAppPlace {
  readonly script?: string;
  readonly cwd?: string;
  readonly execArgv?: readonly string[];
  /** Arguments after the script, in the application's `process.argv`. */
  readonly argv?: readonly string[];
}

/**
 * Starts the compiled fixture `test/fixtures/<name>.js` (or `place.script`) and waits until it
 * prints both "management <url> <worker|main>" and "listening <port>".
 */
export async function startManagementChildApp(name: string, env: NodeJS.ProcessEnv, place: ChildAppPlace = {}): Promise<ManagementChildApp> {
  const script = place.script ?? fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [...(place.execArgv ?? []), script, ...(place.argv ?? [])], { cwd: place.cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? (signal as string | null));
  let output = '';
  child.stdout!.setEncoding('utf8');
  // Read with a listener that stays, so the pipe keeps draining whatever the child prints later.
  const printed = new Promise<{ managementUrl: string; usesWorker: boolean; port: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const management = /management (\S+) (worker|main)/.exec(output);
      const listening = /listening (\d+)/.exec(output);
      if (management && listening) resolve({ managementUrl: management[1]!, usesWorker: management[2] === 'worker', port: listening[1]! });
    });
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before listening: ${output}`)));
  });
  const { managementUrl, usesWorker, port } = await printed;
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    managementUrl,
    usesWorker,
    printed: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
