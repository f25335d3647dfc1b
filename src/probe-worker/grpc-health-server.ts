/**
 * The probe worker's gRPC port: `grpc.health.v1.Health` answered from the statuses the main
 * thread publishes, so that gRPC probes stay truthful while the main event loop is saturated, as
 * the HTTP probes on the management port do. `@grpc/grpc-js` is loaded here only when the port is
 * configured, from the path the main thread resolved.
 */
import { StaleRefreshes } from './stale-refreshes.js';
import { createRequire } from 'node:module';
import { BEAT_INTERVAL } from './heartbeat.js';
import type { Heartbeat } from './heartbeat.js';
import type { ServingStatus } from './grpc-health-codec.js';
import { HEALTH_SERVICE_DEFINITION, healthServiceImplementation } from './grpc-health-service.js';
import type { HealthServiceImplementation } from './grpc-health-service.js';
import type { ProbeWorkerConfig, WorkerServiceState } from './probe-protocol.js';

/** What is used of `@grpc/grpc-js`. */
interface GrpcPackage {
  Server: new (options?: object) => GrpcServer;
  ServerCredentials: { createInsecure(): unknown };
}
export interface GrpcServer {
  addService(service: object, implementation: object): void;
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
  forceShutdown(): void;
}

/**
 * Loads `@grpc/grpc-js` from `module` (its resolved entry file), creates a server, lets `setUp`
 * add services to it, and listens on `address`:`port` without TLS. Resolves with the server and
 * where it listens, e.g. `127.0.0.1:50051`.
 */
export function listenGrpc(module: string, address: string, port: number, setUp: (server: GrpcServer) => void): Promise<{ server: GrpcServer; address: string }> {
  const grpc = createRequire(module)(module) as GrpcPackage;
  const server = new grpc.Server();
  setUp(server);
  const host = address.includes(':') ? `[${address}]` : address;
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        server.forceShutdown();
        reject(error);
      } else resolve({ server, address: `${host}:${bound}` });
    });
  });
}


/** The worker's side of the gRPC health port: the published states, the watchers, the server. */
export class WorkerGrpcHealth {
  private readonly states: Map<string, WorkerServiceState>;
  private readonly watchers = new Map<string, Set<() => void>>();
  private readonly refreshes: StaleRefreshes<string>;
  private readonly implementation: HealthServiceImplementation;
  private server?: GrpcServer;
  private stallTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: ProbeWorkerConfig,
    private readonly settings: NonNullable<ProbeWorkerConfig['grpc']>,
    private readonly heartbeat: Heartbeat,
    refresh: (name: string) => void,
  ) {
    this.states = new Map(Object.entries(settings.services));
    this.refreshes = new StaleRefreshes(refresh);
    this.implementation = healthServiceImplementation({
      check: (name) => this.statusOf(name),
      watch: (name, listener) => this.watch(name, listener),
      list: () => Object.fromEntries([...this.states.keys()].map((name) => [name, this.statusOf(name)!])),
    });
  }

  /** Listens on the configured port; resolves with its address, e.g. `127.0.0.1:50051`. */
  async start(): Promise<string> {
    const { module, address, port } = this.settings;
    const listening = await listenGrpc(module, address, port, (server) => server.addService(HEALTH_SERVICE_DEFINITION, this.implementation.methods));
    this.server = listening.server;
    return listening.address;
  }

  /** Takes the main thread's new states (null: the name is gone) and tells the watchers. */
  receive(services: Readonly<Record<string, WorkerServiceState | null>>): void {
    for (const [name, state] of Object.entries(services)) {
      if (state) this.states.set(name, state);
      else this.states.delete(name);
      this.refreshes.answered(name);
      for (const notify of this.watchers.get(name) ?? []) notify();
    }
  }

  close(): void {
    clearInterval(this.stallTimer);
    this.implementation.close();
    this.server?.forceShutdown();
  }

  /**
   * The status of `name` now: NOT_SERVING for liveness, readiness and `""` while the main thread
   * is stalled (readiness also while it sheds load), as the HTTP probes answer; otherwise the
   * published one, whose refresh is asked for once it is stale when `refresh` (a Check or List:
   * a Watch follows the results as they land and runs nothing).
   */
  private statusOf(name: string, refresh = true): ServingStatus | undefined {
    const state = this.states.get(name);
    if (!state) return undefined;
    const probe = name === '' ? 'readiness' : name;
    if (probe === 'liveness' || probe === 'readiness') {
      const overdue = this.heartbeat.overdue();
      if (overdue > this.config.stallLimit) return 'NOT_SERVING';
      const shedding = this.config.loadShedding;
      if (probe === 'readiness' && shedding && overdue > shedding.maxDelay) return 'NOT_SERVING';
    }
    if (refresh) this.refreshes.check(name, state.freshUntil);
    return state.status;
  }

  private watch(name: string, listener: (status: ServingStatus) => void): () => void {
    let last: ServingStatus | undefined;
    const notify = () => {
      const status = this.statusOf(name, false) ?? 'SERVICE_UNKNOWN';
      if (status === last) return;
      last = status;
      listener(status);
    };
    const watchers = this.watchers.get(name) ?? new Set();
    watchers.add(notify);
    this.watchers.set(name, watchers);
    this.followStalls();
    notify();
    return () => {
      watchers.delete(notify);
      if (watchers.size === 0) this.watchers.delete(name);
      if (this.watchers.size > 0) return;
      clearInterval(this.stallTimer);
      this.stallTimer = undefined;
    };
  }

  /** While anyone watches, a main thread that stalls (or recovers) is noticed without a message from it. */
  private followStalls(): void {
    if (this.stallTimer) return;
    this.stallTimer = setInterval(() => {
      for (const watchers of this.watchers.values()) for (const notify of watchers) notify();
    }, BEAT_INTERVAL * 5);
    this.stallTimer.unref();
  }
}
