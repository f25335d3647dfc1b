import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** An application running in its own Node process, for tests that need real signals. */
export interface ChildApp {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code (or the signal that ended it) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  stop(): Promise<void>;
}

/** Starts the compiled fixture `test/fixtures/<name>.js` and waits until it prints "listening <port>". */
export async function startChildApp(name: string, env: NodeJS.ProcessEnv, argv: string[] = []): Promise<ChildApp> {
  const script = fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [script, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? (signal as string | null));
  let output = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    output += chunk;
    const match = /listening (\d+)/.exec(output);
    if (match) {
      child.stdout!.resume();
      return {
        child,
        url: `http://127.0.0.1:${match[1]}`,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      };
    }
  }
  throw new Error(`${name} exited before listening: ${output}`);
}
