// A real Prometheus server (Debian's `prometheus` package; PROMETHEUS_BIN overrides the binary)
// scrapes a real Nest app's /z/prometheus with a bearer token, and the health metrics are read
// back through Prometheus's own query API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { ManagementModule } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { closedPort } from '../support/peer-server.js';
import { startApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';
const TOKEN = 'scrape-token-4711';
/** Prometheus starts, scrapes every second and evaluates: give it room on a loaded machine. */
const PATIENCE = { deadline: 60_000, every: 250 };

interface QueryAnswer {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('health metrics scraped by a real Prometheus server', () => {
  let app: TestApp;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let work: string;
  let dbUp = true;

  before(async () => {
    app = await startApp('express', {
      imports: [
        ManagementModule.forRoot({
          // Background runs, so the statuses change with nobody asking /health.
          interval: 200,
          prometheus: { enabled: true, registry: new Registry() },
          authorizer: (request) => (request as { headers: Record<string, string | undefined> }).headers.authorization === `Bearer ${TOKEN}`,
        }),
      ],
      providers: [healthCheckProvider('db', () => dbUp), healthCheckProvider('cache', () => true, { critical: false, groups: ['liveness'] })],
    });
    work = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const target = new URL(app.baseUrl).host;
    writeFileSync(
      join(work, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: nest',
        '    metrics_path: /z/prometheus',
        '    authorization:',
        `      credentials: ${TOKEN}`,
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await closedPort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: 'ignore' },
    );
    const failedToStart = new Promise<never>((_resolve, reject) =>
      prometheus.once('error', (error) => reject(new Error(`${PROMETHEUS} did not start (${error.message}); install Debian's prometheus package`))),
    );
    await Promise.race([failedToStart, waitUntil('Prometheus ready', () => fetch(`${prometheusUrl}/-/ready`).then((r) => r.status), (s) => s === 200, PATIENCE)]);
  });

  after(async () => {
    prometheus?.kill('SIGTERM');
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function query(expression: string): Promise<QueryAnswer['data']['result']> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`);
    const answer = (await response.json()) as QueryAnswer;
    assert.equal(answer.status, 'success');
    return answer.data.result;
  }

  /** Waits until `expression` has exactly one series with `value`. */
  function valueOf(expression: string, value: string) {
    return waitUntil(
      `${expression} == ${value}`,
      () => query(expression),
      (result) => result.length === 1 && result[0]!.value[1] === value,
      PATIENCE,
    );
  }

  it('Prometheus scrapes the endpoint with its bearer token: the target is up with no error', async () => {
    const targets = await waitUntil(
      'the target scraped',
      async () => ((await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as { data: { activeTargets: { health: string; lastError: string }[] } }).data.activeTargets,
      (active) => active.length === 1 && active[0]!.health === 'up',
      PATIENCE,
    );
    assert.equal(targets[0]!.lastError, '');
    await valueOf('up{job="nest"}', '1');
  });

  it('the statuses appear with the right values: components, groups and the aggregate UP', async () => {
    await valueOf('health_component_status{component="db",status="UP"}', '1');
    await valueOf('health_component_status{component="db",status="DOWN"}', '0');
    await valueOf('health_component_status{component="cache",status="UP"}', '1');
    await valueOf('health_group_status{group="readiness",status="UP"}', '1');
    await valueOf('health_status{status="UP"}', '1');
    const executions = await query('health_check_executions_total{component="db"}');
    assert.ok(Number(executions[0]?.value[1]) >= 1);
  });

  it('a check going DOWN changes them: the component, readiness and the aggregate turn DOWN, failures count', async () => {
    dbUp = false;
    await valueOf('health_component_status{component="db",status="DOWN"}', '1');
    await valueOf('health_component_status{component="db",status="UP"}', '0');
    await valueOf('health_group_status{group="readiness",status="DOWN"}', '1');
    await valueOf('health_group_status{group="liveness",status="UP"}', '1');
    await valueOf('health_status{status="DOWN"}', '1');
    await waitUntil('failures counted', () => query('health_check_failures_total{component="db"}'), (r) => Number(r[0]?.value[1]) >= 1, PATIENCE);
    const durations = await query('health_check_duration_seconds_count{component="db"}');
    assert.ok(Number(durations[0]?.value[1]) >= 2);
  });

  it('and back UP once the check recovers', async () => {
    dbUp = true;
    await valueOf('health_component_status{component="db",status="UP"}', '1');
    await valueOf('health_status{status="UP"}', '1');
  });
});
