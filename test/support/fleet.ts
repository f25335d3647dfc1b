// A fleet for tests: several real listening Nest apps of one service, each with the module's
// /prometheus endpoint and a critical check the test flips, scraped every second by a real
// Prometheus server (Debian's `prometheus`; PROMETHEUS_BIN overrides the binary) that evaluates the
// shipped rules every second, with each alert's `for` shortened (groupsWithShortFor). An instance
// given the dashboard's options (FleetOptions.options) shows the same fleet in its fleet view.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { stringify } from 'yaml';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider } from './health-fixtures.js';
import { closedPort } from './peer-server.js';
import { groupsWithShortFor } from './shipped-rules.js';
import { startApp } from './test-app.js';
import type { AdapterName, TestApp } from './test-app.js';
import { waitUntil } from './wait-until.js';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';
/** The scrape token every instance's authorizer accepts. */
export const FLEET_TOKEN = 'fleet-scrape-token';
/** Prometheus starts, scrapes and evaluates every second: room for a loaded machine. */
export const FLEET_PATIENCE = { deadline: 60_000, every: 200 };

export interface FleetOptions {
  /** The Prometheus job the instances are scraped under. Default `'orders'`. */
  job?: string;
  /** Default `'express'`. */
  adapter?: AdapterName;
  /** Each alert's `for` in the loaded copy of the shipped rules. Default `'5s'`. */
  pending?: string;
  /** More module options for instance `index` (e.g. the dashboard's), given Prometheus's URL. */
  options?: (index: number, prometheusUrl: string) => ManagementModuleOptions;
}

/** One instance: its app, and `host:port`, which is also its `instance` label in Prometheus. */
export interface FleetInstance {
  readonly app: TestApp;
  readonly target: string;
}

/** One series of an instant query's answer. */
export interface QuerySample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An alert as Prometheus's /api/v1/alerts lists it. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

export interface Fleet {
  readonly job: string;
  readonly prometheusUrl: string;
  readonly instances: readonly FleetInstance[];
  /** Makes instance `index`'s critical check `db` answer UP or DOWN from its next run (every 200 ms). */
  flip(index: number, up: boolean): void;
  /** Closes instance `index`'s app: Prometheus then fails to scrape it. */
  stopInstance(index: number): Promise<void>;
  /** Takes instance `index` out of Prometheus's scrape configuration and has it reload (SIGHUP). */
  removeTarget(index: number): void;
  /** Stops Prometheus; the apps keep running. */
  stopPrometheus(): Promise<void>;
  /** Prometheus's answer to an instant query. */
  query(expression: string): Promise<QuerySample[]>;
  /** The pending and firing alerts Prometheus lists now. */
  alerts(): Promise<PrometheusAlert[]>;
  /** Stops Prometheus and every still running app, and removes Prometheus's data. */
  stop(): Promise<void>;
}

/** Starts `size` instances (checks `db`, critical, and `cache`, not critical), then Prometheus, and waits until every target is scraped. */
export async function startFleet(size: number, options: FleetOptions = {}): Promise<Fleet> {
  const { job = 'orders', adapter = 'express', pending = '5s' } = options;
  const prometheusPort = await closedPort();
  const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  const up: boolean[] = Array.from({ length: size }, () => true);
  const instances: FleetInstance[] = [];
  const targets: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'fleet-'));
  let prometheus: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const stopPrometheus = async () => {
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) prometheus.kill('SIGTERM');
    await exited;
  };
  const stop = async () => {
    await stopPrometheus();
    await Promise.all(instances.map((instance) => instance.app.close().catch(() => undefined)));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < size; index++) {
      const app = await startApp(adapter, {
        imports: [
          ManagementModule.forRoot({
            interval: 200,
            prometheus: { enabled: true, registry: new Registry() },
            authorizer: (request) => request.headers.authorization === `Bearer ${FLEET_TOKEN}`,
            ...options.options?.(index, prometheusUrl),
          }),
        ],
        providers: [healthCheckProvider('db', () => up[index]!), healthCheckProvider('cache', () => true, { critical: false })],
      });
      instances.push({ app, target: new URL(app.baseUrl).host });
      targets.push(new URL(app.baseUrl).host);
    }
    writeConfig(work, job, targets, pending);
    prometheus = startPrometheus(work, prometheusPort);
    const running = prometheus;
    exited = new Promise((resolve) => {
      running.once('exit', () => resolve());
      running.once('error', () => resolve());
    });
    await waitForTargets(prometheus, prometheusUrl, size, work);
  } catch (error) {
    await stop();
    throw error;
  }
  const query = async (expression: string) => {
    const answer = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`)).json()) as { status: string; data: { result: QuerySample[] } };
    if (answer.status !== 'success') throw new Error(`Prometheus refused ${expression}: ${JSON.stringify(answer)}`);
    return answer.data.result;
  };
  return {
    job,
    prometheusUrl,
    instances,
    flip: (index, isUp) => void (up[index] = isUp),
    stopInstance: (index) => instances[index]!.app.close(),
    removeTarget: (index) => {
      targets.splice(targets.indexOf(instances[index]!.target), 1);
      writeConfig(work, job, targets, pending);
      prometheus!.kill('SIGHUP');
    },
    stopPrometheus,
    query,
    alerts: async () => ((await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts,
    stop,
  };
}

/** Writes the shipped rules (alerts' `for` shortened) and a configuration scraping `targets` every second. */
function writeConfig(work: string, job: string, targets: readonly string[], pending: string): void {
  writeFileSync(join(work, 'rules.yml'), stringify({ groups: groupsWithShortFor(pending) }));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: [join(work, 'rules.yml')],
    scrape_configs: [{ job_name: job, metrics_path: '/z/prometheus', authorization: { credentials: FLEET_TOKEN }, static_configs: [{ targets }] }],
  };
  writeFileSync(join(work, 'prometheus.yml'), stringify(config));
}

function startPrometheus(work: string, port: number): ChildProcess {
  const log = openSync(join(work, 'prometheus.log'), 'w');
  return spawn(
    PROMETHEUS,
    [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', log, log] },
  );
}

async function waitForTargets(prometheus: ChildProcess, url: string, size: number, work: string): Promise<void> {
  const failed = new Promise<never>((_resolve, reject) => {
    prometheus.once('error', (error) => reject(new Error(`${PROMETHEUS} did not start (${error.message}); install Debian's prometheus package`)));
    prometheus.once('exit', (code) => reject(new Error(`${PROMETHEUS} exited with ${code}: ${readFileSync(join(work, 'prometheus.log'), 'utf8').slice(-2_000)}`)));
  });
  const scraped = waitUntil(
    `Prometheus scrapes all ${size} instances`,
    async () => ((await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: { health: string }[] } }).data.activeTargets,
    (targets) => targets.length === size && targets.every((target) => target.health === 'up'),
    FLEET_PATIENCE,
  );
  // Once the targets are scraped, a later exit (the test stopping Prometheus) rejects nothing awaited.
  failed.catch(() => undefined);
  await Promise.race([failed, scraped]);
}
