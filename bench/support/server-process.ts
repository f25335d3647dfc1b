import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig, ServerReply, ServerRequest } from '../servers/server-config.js';
import type { StartupConfig } from '../servers/startup.js';

/** Where `--profile` makes children write their CPU profiles. */
export const PROFILE_DIRECTORY = '.bench-profiles';

let profiling = false;

/** Makes every child started from now on write a `--cpu-prof` profile. */
export function enableProfiling(): void {
  profiling = true;
}

function forkChild(script: string, config: object): ChildProcess {
  const path = fileURLToPath(new URL(`../servers/${script}`, import.meta.url));
  const profile = profiling ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIRECTORY}`] : [];
  return fork(path, [JSON.stringify(config)], {
    execArgv: ['--expose-gc', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The first message `child` sends, or an error if it exits first. */
function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench child ${child.pid} exited with ${code} before reporting`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** A contender's app running in a child process of its own, so it never shares our event loop. */
export class ServerProcess {
  private nextId = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(config: ServerConfig): Promise<ServerProcess> {
    const child = forkChild('server.js', config);
    const { port } = await firstMessage<{ port: number }>(child);
    return new ServerProcess(child, `http://127.0.0.1:${port}`);
  }

  /** How many times the storm's dependency check has run in the server. */
  executions(): Promise<number> {
    return this.ask('executions');
  }

  /** The server's heap in bytes after full garbage collection. */
  heapAfterGc(): Promise<number> {
    return this.ask('heap');
  }

  /** Disconnects, which makes the child exit (writing its profile, if any). */
  stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    return exited;
  }

  private ask(command: ServerRequest['command']): Promise<number> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onReply = (reply: ServerReply) => {
        if (reply.id !== id) return;
        this.child.off('message', onReply);
        resolve(reply.value);
      };
      this.child.on('message', onReply);
      this.child.send({ id, command } satisfies ServerRequest);
    });
  }
}

/** Starts one app in a fresh process and returns its start-up time in milliseconds. */
export async function measureStartup(config: StartupConfig): Promise<number> {
  const child = forkChild('startup.js', config);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const { startupMs } = await firstMessage<{ startupMs: number }>(child);
  await exited;
  return startupMs;
}

/** Starts several servers at once and stops them all when `use` finishes. */
export async function withServers<T>(configs: ServerConfig[], use: (servers: ServerProcess[]) => Promise<T>): Promise<T> {
  const servers = await Promise.all(configs.map((config) => ServerProcess.start(config)));
  try {
    return await use(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
