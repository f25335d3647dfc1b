import { iterationsFor } from '../servers/busy-work.js';
import { LIVENESS_PATH, READINESS_PATH, WORK_PATH } from '../servers/server-config.js';
import type { SaturationContender } from '../servers/server-config.js';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { failures, latencies, probe, Prober } from '../support/prober.js';
import type { ProbeSample } from '../support/prober.js';
import { fixed, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { ServerProcess, withSaturationServers } from '../support/server-process.js';
import { inRounds, median, percentile, ratios } from '../support/stats.js';

const CONTENDERS: SaturationContender[] = ['baseline', 'worker', 'in-process', 'terminus'];
const PROBES_ANSWERED_BY: Record<SaturationContender, string> = {
  baseline: 'no probes',
  worker: 'management port, worker thread',
  'in-process': 'management port, main thread',
  terminus: 'main port',
  'worker-grpc': 'management and gRPC ports, worker thread',
};
/** CPU each request to /work burns, in milliseconds. */
const WORK_MS = 20;
/** The kubelet's default probe timeout; each probe runs every PROBE_PERIOD_MS. */
const PROBE_TIMEOUT_MS = 1_000;
const PROBE_PERIOD_MS = 250;
const P99_LIMIT_MS = 50;
const MINIMUM_RATIO = 0.95;
/** How long an app may take after start-up to answer readiness with 200; it is measured either way. */
const READY_WAIT_MS = 10_000;
/** Generous: a request queued behind 64 others of 20 ms each. */
const SETTLE_TIMEOUT_MS = 10_000;

/** One window of saturation: the app's own throughput and the probes answered meanwhile. */
interface Window {
  work: LoadResult;
  liveness: ProbeSample[];
  readiness: ProbeSample[];
}

/**
 * Saturation (issue 9, "probes that tell busy from dead"): an app whose own route burns CPU on
 * every request is held saturated by 64 connections while liveness and readiness are probed the
 * way the kubelet probes them; probe failures and latency, and the app's own throughput against
 * the same app without a probe server.
 */
export const saturationScenario: Scenario = {
  name: 'saturation',
  async run(settings): Promise<Section> {
    const workIterations = iterationsFor(WORK_MS);
    const rows: string[][] = [];
    const msPerRequest: string[] = [];
    for (const adapter of settings.saturationAdapters) {
      const configs = CONTENDERS.map((contender) => ({ adapter, contender, workIterations }));
      await withSaturationServers(configs, async (servers) => {
        const started = new Map<SaturationContender, ServerProcess>();
        servers.forEach((server, index) => server instanceof ServerProcess && started.set(CONTENDERS[index]!, server));
        for (const [contender, server] of started) await prepare(server, contender, settings);
        const windows = await inRounds([...started.keys()], settings.saturationRounds, (contender) =>
          saturate(started.get(contender)!, contender, settings.saturationSeconds, settings),
        );
        const baseline = windows.get('baseline')?.map((window) => window.work.requestsPerSecond);
        if (baseline) msPerRequest.push(`${adapter} ${fixed(1000 / median(baseline), 1)} ms`);
        CONTENDERS.forEach((contender, index) => {
          const server = servers[index]!;
          if (server instanceof Error) rows.push(notStartedRow(adapter, contender, server, settings));
          else rows.push(measuredRow(adapter, contender, windows.get(contender)!, baseline, settings));
        });
      });
    }
    const seconds = settings.saturationRounds * settings.saturationSeconds;
    return {
      title: `7. Saturation: probes while ${settings.saturationConnections} connections keep the app's own ${WORK_MS} ms CPU route busy`,
      target:
        `no liveness or readiness probe fails (1 s timeout) over ${fixed(seconds, 1)} s of saturation; probe p99 < ${P99_LIMIT_MS} ms; ` +
        `the worker's /work throughput >= ${MINIMUM_RATIO * 100}% of the baseline's`,
      headers: ['adapter', 'contender', 'probes answered by', '/work req/s (median)', 'vs baseline: median (range)', 'liveness failed / sent',
        'readiness failed / sent', 'liveness ms p50 / p99 / max', 'readiness ms p50 / p99 / max', 'target'],
      rows,
      notes: notes(settings, workIterations, msPerRequest),
    };
  },
};

/** Waits until the app is ready (the worker may publish its first results a moment after start-up), then warms it up. */
async function prepare(server: ServerProcess, contender: SaturationContender, settings: BenchSettings): Promise<void> {
  if (contender !== 'baseline') {
    const deadline = performance.now() + READY_WAIT_MS;
    while (!(await probe(server.probeUrl + READINESS_PATH, PROBE_TIMEOUT_MS)).ok && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (settings.warmupSeconds > 0) await saturate(server, contender, settings.warmupSeconds, settings);
}

/**
 * Holds /work saturated for `seconds` while probing, then (except in a smoke run) waits for the
 * requests still queued in the app, so that it does not take CPU from the next app measured.
 */
async function saturate(server: ServerProcess, contender: SaturationContender, seconds: number, settings: BenchSettings): Promise<Window> {
  const paths = contender === 'baseline' ? [] : [LIVENESS_PATH, READINESS_PATH];
  const probers = paths.map((path) => Prober.http(server.probeUrl + path, PROBE_PERIOD_MS, PROBE_TIMEOUT_MS));
  const work = await load(server.baseUrl, { connections: settings.saturationConnections, seconds, paths: [WORK_PATH] });
  const [liveness = [], readiness = []] = await Promise.all(probers.map((prober) => prober.stop()));
  if (!settings.smoke) await probe(server.baseUrl + WORK_PATH, SETTLE_TIMEOUT_MS);
  return { work, liveness, readiness };
}

function measuredRow(
  adapter: string,
  contender: SaturationContender,
  windows: Window[],
  baseline: number[] | undefined,
  settings: BenchSettings,
): string[] {
  const requestsPerSecond = windows.map((window) => window.work.requestsPerSecond);
  const perRound = baseline ? ratios(requestsPerSecond, baseline) : [];
  const ratio = median(perRound);
  const throughput = [fixed(median(requestsPerSecond), 1), baseline ? spread(perRound) : 'n/a'];
  if (contender === 'baseline') return [adapter, contender, PROBES_ANSWERED_BY[contender], ...throughput, '', '', '', '', ''];
  const liveness = windows.flatMap((window) => window.liveness);
  const readiness = windows.flatMap((window) => window.readiness);
  return [
    adapter,
    contender,
    PROBES_ANSWERED_BY[contender],
    ...throughput,
    failures(liveness),
    failures(readiness),
    latencies(liveness, PROBE_TIMEOUT_MS),
    latencies(readiness, PROBE_TIMEOUT_MS),
    contender === 'worker' ? judge([liveness, readiness], ratio, settings) : '',
  ];
}

function notStartedRow(adapter: string, contender: SaturationContender, error: Error, settings: BenchSettings): string[] {
  const message = error.message.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const judged = contender === 'worker' ? verdict(settings, false) : '';
  return [adapter, contender, `did not start: ${message}`, '', '', '', '', '', '', judged];
}

/** PASS, or MISS with what missed: any failed probe, a p99 at or over the limit, too little throughput. */
function judge(probeSets: ProbeSample[][], ratio: number, settings: BenchSettings): string {
  const failed = probeSets.flat().filter((sample) => !sample.ok).length;
  const slow = probeSets.some((samples) => !(p99(samples) < P99_LIMIT_MS));
  const misses = [
    ...(failed > 0 ? [`${failed} probes failed`] : []),
    ...(slow ? [`p99 >= ${P99_LIMIT_MS} ms`] : []),
    ...(ratio >= MINIMUM_RATIO ? [] : [`throughput ${Number.isNaN(ratio) ? 'not compared' : percent(ratio)}`]),
  ];
  const judged = verdict(settings, misses.length === 0);
  return judged === 'MISS' ? `MISS: ${misses.join(', ')}` : judged;
}

/** The median ratio and, where rounds differ, the lowest and highest, e.g. `98.1% (93.0–101.2%)`. */
function spread(perRound: number[]): string {
  const [lowest, highest] = [Math.min(...perRound), Math.max(...perRound)];
  if (lowest === highest) return percent(median(perRound));
  return `${percent(median(perRound))} (${fixed(lowest * 100, 1)}–${percent(highest)})`;
}

function p99(samples: ProbeSample[]): number {
  return percentile(samples.map((sample) => sample.milliseconds), 0.99);
}

function notes(settings: BenchSettings, workIterations: number, msPerRequest: string[]): string[] {
  const { saturationRounds: rounds, saturationSeconds: seconds, saturationConnections: connections } = settings;
  return [
    `The app's own route, \`GET ${WORK_PATH}\`, burns ${workIterations.toLocaleString('en-US')} iterations of a multiply-xor hash ` +
      `synchronously: ${WORK_MS} ms of CPU as timed in the bench process at the start of the run, the same count for every app. A count rather ` +
      `than a spin to a deadline, so CPU that a probe server takes from the app shows as fewer requests. autocannon holds ` +
      `${connections} connections on it, so about ${connections} requests (${fixed((connections * WORK_MS) / 1000, 2)} s of work) ` +
      `are always queued on the main thread. Time per request in the baseline, measured: ${msPerRequest.join(', ') || 'n/a'}.`,
    `Probes are sent from the bench process, as the kubelet sends them: liveness and readiness each every ${PROBE_PERIOD_MS} ms, ` +
      `one at a time per path, a new connection each, abandoned after ${PROBE_TIMEOUT_MS} ms. A probe fails on that timeout, ` +
      `on a connection error or on any status but 200; a timed-out probe counts as ${PROBE_TIMEOUT_MS} ms in the latencies.`,
    '`baseline` is the /work route alone, no probe server: the throughput reference. `worker` is ' +
      "`ManagementModule.forRoot({ port: 0, address: '127.0.0.1', probes: { worker: true } })`, probed on its management port; " +
      '`in-process` is the same with `probes: { worker: false }`, a second server on the main event loop; `terminus` is ' +
      '@nestjs/terminus on the app\'s own port (it has no separate port). Each has two instant checks behind readiness ' +
      '(`@HealthCheck` providers, cached by default; terminus runs its two on every probe) and none behind liveness.',
    `Per adapter (${settings.saturationAdapters.join(' and ')}) the four apps start at once, each in a child process of its own; ` +
      `each is probed until readiness answers 200, then warmed up for ${settings.warmupSeconds} s. Then ${rounds} round${rounds === 1 ? '' : 's'} of one ${seconds} s window per app, ` +
      'contenders alternating (A B C D, then D C B A), so each spends ' +
      `${fixed(rounds * seconds, 1)} s saturated; probe counts and latencies pool all of its windows. req/s is the median over ` +
      "its windows; 'vs baseline' is the median (and the range) of its per-round ratios to the baseline's req/s. " +
      (settings.smoke
        ? 'A smoke run does not wait between windows.'
        : 'After each window the bench sends one more /work request and waits for it, so that the queue left behind has drained before the next app runs.'),
  ];
}
