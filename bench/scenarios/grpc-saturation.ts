import { iterationsFor } from '../servers/busy-work.js';
import { LIVENESS_PATH, READINESS_PATH, WORK_PATH } from '../servers/server-config.js';
import type { SaturationContender } from '../servers/server-config.js';
import { grpcProbe } from '../support/grpc-prober.js';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { failures, latencies, probe, Prober } from '../support/prober.js';
import type { ProbeSample } from '../support/prober.js';
import { fixed, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { ServerProcess, withSaturationServers } from '../support/server-process.js';
import { inRounds, median, percentile, ratios } from '../support/stats.js';

const CONTENDERS: SaturationContender[] = ['baseline', 'worker-grpc'];
/** As in the saturation scenario: CPU per /work request, the kubelet's timeout, the probe period. */
const WORK_MS = 20;
const PROBE_TIMEOUT_MS = 1_000;
const PROBE_PERIOD_MS = 250;
const READY_WAIT_MS = 10_000;
const SETTLE_TIMEOUT_MS = 10_000;

/** One window of saturation: the app's own throughput and every probe answered meanwhile. */
interface Window {
  work: LoadResult;
  http: { liveness: ProbeSample[]; readiness: ProbeSample[] };
  grpc: { liveness: ProbeSample[]; readiness: ProbeSample[] };
}

/**
 * gRPC probes under saturation (issue 22): the saturation scenario's app, its worker also serving
 * `grpc.health.v1.Health` on a port of its own, probed over gRPC (liveness and readiness, as
 * Kubernetes' `grpc:` probes do) and over HTTP at the same time, while 64 connections keep the
 * application's own CPU route busy.
 */
export const grpcSaturationScenario: Scenario = {
  name: 'grpc-saturation',
  async run(settings): Promise<Section> {
    const workIterations = iterationsFor(WORK_MS);
    const rows: string[][] = [];
    for (const adapter of settings.saturationAdapters) {
      await withSaturationServers(CONTENDERS.map((contender) => ({ adapter, contender, workIterations })), async (servers) => {
        const [baselineServer, workerServer] = servers;
        if (!(baselineServer instanceof ServerProcess) || !(workerServer instanceof ServerProcess) || !workerServer.grpcAddress) {
          const reason = [baselineServer, workerServer].find((server) => server instanceof Error)?.message ?? 'no gRPC port';
          rows.push([adapter, `did not start: ${reason.replace(/\s+/g, ' ')}`, '', '', '', '', '', '', '', verdict(settings, false)]);
          return;
        }
        const started = new Map<SaturationContender, ServerProcess>([['baseline', baselineServer], ['worker-grpc', workerServer]]);
        for (const [contender, server] of started) await prepare(server, contender, settings);
        const windows = await inRounds(CONTENDERS, settings.saturationRounds, (contender) =>
          saturate(started.get(contender)!, contender, settings.saturationSeconds, settings),
        );
        rows.push(row(adapter, windows.get('worker-grpc')!, windows.get('baseline')!, settings));
      });
    }
    const seconds = settings.saturationRounds * settings.saturationSeconds;
    return {
      title: `11. gRPC probes on the worker's gRPC port while ${settings.saturationConnections} connections keep the app's own ${WORK_MS} ms CPU route busy`,
      target: `no gRPC liveness or readiness probe fails (1 s deadline) over ${fixed(seconds, 1)} s of saturation; gRPC probe p99 < ${PROBE_TIMEOUT_MS} ms`,
      headers: ['adapter', '/work req/s (median)', 'vs baseline', 'HTTP liveness failed / sent', 'HTTP readiness failed / sent',
        'gRPC liveness failed / sent', 'gRPC readiness failed / sent', 'HTTP ms p50 / p99 / max', 'gRPC ms p50 / p99 / max', 'target'],
      rows,
      notes: [
        "The app and its load are the saturation scenario's (section 7), with `grpc: { port: 0, address: '127.0.0.1' }` added to the worker " +
          "contender's options; `baseline` is the /work route alone, for the throughput column.",
        `gRPC probes are sent as the kubelet's \`grpc:\` probe sends them: \`grpc.health.v1.Health/Check\` for the service \`liveness\` and ` +
          `for \`readiness\`, each every ${PROBE_PERIOD_MS} ms, a new connection each (no shared subchannel), a ${PROBE_TIMEOUT_MS} ms deadline; ` +
          'anything but SERVING fails. The HTTP probes of the management port run at the same time, as in section 7; latencies pool liveness and readiness.',
      ],
    };
  },
};

async function prepare(server: ServerProcess, contender: SaturationContender, settings: BenchSettings): Promise<void> {
  if (contender !== 'baseline') {
    const deadline = performance.now() + READY_WAIT_MS;
    while (!(await grpcProbe(server.grpcAddress!, 'readiness', PROBE_TIMEOUT_MS)).ok && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (settings.warmupSeconds > 0) await saturate(server, contender, settings.warmupSeconds, settings);
}

async function saturate(server: ServerProcess, contender: SaturationContender, seconds: number, settings: BenchSettings): Promise<Window> {
  const probing = contender !== 'baseline';
  const httpProbers = probing ? [LIVENESS_PATH, READINESS_PATH].map((path) => Prober.http(server.probeUrl + path, PROBE_PERIOD_MS, PROBE_TIMEOUT_MS)) : [];
  const grpcProbers = probing ? ['liveness', 'readiness'].map((service) => new Prober(() => grpcProbe(server.grpcAddress!, service, PROBE_TIMEOUT_MS), PROBE_PERIOD_MS)) : [];
  const work = await load(server.baseUrl, { connections: settings.saturationConnections, seconds, paths: [WORK_PATH] });
  const [httpLiveness = [], httpReadiness = []] = await Promise.all(httpProbers.map((prober) => prober.stop()));
  const [grpcLiveness = [], grpcReadiness = []] = await Promise.all(grpcProbers.map((prober) => prober.stop()));
  if (!settings.smoke) await probe(server.baseUrl + WORK_PATH, SETTLE_TIMEOUT_MS);
  return { work, http: { liveness: httpLiveness, readiness: httpReadiness }, grpc: { liveness: grpcLiveness, readiness: grpcReadiness } };
}

function row(adapter: string, windows: Window[], baselineWindows: Window[], settings: BenchSettings): string[] {
  const requestsPerSecond = windows.map((window) => window.work.requestsPerSecond);
  const baseline = baselineWindows.map((window) => window.work.requestsPerSecond);
  const pooled = (pick: (window: Window) => ProbeSample[]) => windows.flatMap(pick);
  const grpcSamples = [...pooled((window) => window.grpc.liveness), ...pooled((window) => window.grpc.readiness)];
  const httpSamples = [...pooled((window) => window.http.liveness), ...pooled((window) => window.http.readiness)];
  const failed = grpcSamples.filter((sample) => !sample.ok).length;
  const p99 = percentile(grpcSamples.map((sample) => sample.milliseconds), 0.99);
  const misses = [...(failed > 0 ? [`${failed} gRPC probes failed`] : []), ...(p99 < PROBE_TIMEOUT_MS ? [] : [`gRPC p99 >= ${PROBE_TIMEOUT_MS} ms`])];
  const judged = verdict(settings, misses.length === 0 && grpcSamples.length > 0);
  return [
    adapter,
    fixed(median(requestsPerSecond), 1),
    percent(median(ratios(requestsPerSecond, baseline))),
    failures(pooled((window) => window.http.liveness)),
    failures(pooled((window) => window.http.readiness)),
    failures(pooled((window) => window.grpc.liveness)),
    failures(pooled((window) => window.grpc.readiness)),
    latencies(httpSamples, PROBE_TIMEOUT_MS),
    latencies(grpcSamples, PROBE_TIMEOUT_MS),
    judged === 'MISS' ? `MISS: ${misses.join(', ')}` : judged,
  ];
}
