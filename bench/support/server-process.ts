import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SaturationConfig, ServerConfig, ServerHello, ServerReply, ServerRequest } from '../servers/server-config.js';
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
    /** Where its probes go: the management port, or `baseUrl` when it has none. */
    readonly probeUrl: string,
    /** Where the worker's gRPC health port listens (`host:port`), when it has one. */
    readonly grpcAddress?: string,
  ) {}

  static start(config: ServerConfig): Promise<ServerProcess> {
    return ServerProcess.fork(config.contender === 'raw' ? 'raw.js' : 'server.js', config);
  }

  /** A saturation app; rejects with the child's own message if it fails to start. */
  static startSaturation(config: SaturationConfig): Promise<ServerProcess> {
    return ServerProcess.fork('saturation.js', config);
  }

  private static async fork(script: string, config: object): Promise<ServerProcess> {
    const child = forkChild(script, config);
    const hello = await firstMessage<ServerHello>(child);
    if ('error' in hello) {
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      throw new Error(hello.error);
    }
    const baseUrl = `http://127.0.0.1:${hello.port}`;
    return new ServerProcess(child, baseUrl, hello.probeUrl ?? baseUrl, hello.grpcAddress);
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
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
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

/**
 * Starts several saturation apps at once and stops them all when `use` finishes; an app that fails
 * to start is given to `use` as its error, so that the others still run.
 */
export async function withSaturationServers<T>(
  configs: SaturationConfig[],
  use: (servers: (ServerProcess | Error)[]) => Promise<T>,
): Promise<T> {
  const settled = await Promise.allSettled(configs.map((config) => ServerProcess.startSaturation(config)));
  const servers = settled.map((result) => (result.status === 'fulfilled' ? result.value : asError(result.reason)));
  try {
    return await use(servers);
  } finally {
    await Promise.all(servers.map((server) => (server instanceof ServerProcess ? server.stop() : undefined)));
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
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
