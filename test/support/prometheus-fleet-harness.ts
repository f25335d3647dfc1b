import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { healthCheckProvider } from './health-fixtures.js';
import { closedPort } from './peer-server.js';
import { startApp } from './test-app.js';
import type { TestApp } from './test-app.js';
import { waitUntil } from './wait-until.js';

/** Debian's `prometheus` package; PROMETHEUS_BIN points elsewhere. */
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';
/** Prometheus starts and scrapes every second: room for a loaded machine. */
export const FLEET_PATIENCE = { deadline: 60_000, every: 250 } as const;

/** One instance of the service: a real Nest app whose critical `db` check fails while `failing`. */
export interface FleetInstance {
  readonly app: TestApp;
  /** `127.0.0.1:port`, the `instance` label Prometheus gives it. */
  readonly target: string;
  failing: boolean;
}

/** Three instances of job `orders`, a target that never answers, and a real Prometheus scraping them every second. */
export interface PrometheusFleet {
  readonly instances: readonly FleetInstance[];
  /** A listed target where nothing listens: Prometheus sees it down. */
  readonly deadTarget: string;
  readonly prometheusUrl: string;
  /** Takes `target` out of Prometheus's configuration and has it reload (SIGHUP). */
  removeTarget(target: string): void;
  /** Stops Prometheus (the instances keep running). */
  stopPrometheus(): Promise<void>;
  close(): Promise<void>;
}

export const FLEET_JOB = 'orders';

/**
 * Starts the fleet. `viewer(prometheusUrl)` gives the first instance's extra options (a
 * dashboard whose fleet view reads this Prometheus); every instance exports its health metrics
 * in a registry of its own at /z/prometheus and runs its checks in the background.
 */
export async function startPrometheusFleet(viewer: (prometheusUrl: string) => ManagementModuleOptions, count = 3): Promise<PrometheusFleet> {
  const port = await closedPort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const instances: FleetInstance[] = [];
  for (let index = 0; index < count; index++) {
    const instance = { failing: false } as FleetInstance;
    const app = await startApp('express', {
      imports: [
        ManagementModule.forRoot({
          showDetails: 'always',
          interval: 200,
          prometheus: { enabled: true, registry: new Registry() },
          ...(index === 0 ? viewer(prometheusUrl) : {}),
        }),
      ],
      providers: [healthCheckProvider('db', () => !instance.failing), healthCheckProvider('cache', () => true, { critical: false })],
    });
    Object.assign(instance, { app, target: new URL(app.baseUrl).host });
    instances.push(instance);
  }
  const deadTarget = `127.0.0.1:${await closedPort()}`;
  const work = mkdtempSync(join(tmpdir(), 'prometheus-fleet-'));
  const listed = [...instances.map((instance) => instance.target), deadTarget];
  const configure = () => {
    const targets = listed.map((target) => `'${target}'`).join(', ');
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 900ms',
      'scrape_configs:',
      `  - job_name: ${FLEET_JOB}`,
      '    metrics_path: /z/prometheus',
      '    static_configs:',
      `      - targets: [${targets}]`,
      '',
    ];
    writeFileSync(join(work, 'prometheus.yml'), config.join('\n'));
  };
  configure();
  const prometheus: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => {
    prometheus.once('exit', () => resolve());
    prometheus.once('error', () => resolve());
  });
  const stopPrometheus = async () => {
    if (prometheus.exitCode === null && prometheus.signalCode === null) prometheus.kill('SIGTERM');
    await exited;
  };
  const close = async () => {
    await stopPrometheus();
    await Promise.all(instances.map((instance) => instance.app.close()));
    rmSync(work, { recursive: true, force: true });
  };
  const failedToStart = new Promise<never>((_resolve, reject) =>
    prometheus.once('error', (error) => reject(new Error(`${PROMETHEUS} did not start (${error.message}); install Debian's prometheus package`))),
  );
  try {
    await Promise.race([
      failedToStart,
      waitUntil('Prometheus ready', () => fetch(`${prometheusUrl}/-/ready`).then((answer) => answer.status), (status) => status === 200, FLEET_PATIENCE),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  const removeTarget = (target: string) => {
    listed.splice(listed.indexOf(target), 1);
    configure();
    prometheus.kill('SIGHUP');
  };
  return { instances, deadTarget, prometheusUrl, removeTarget, stopPrometheus, close };
}
