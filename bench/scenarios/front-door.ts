import { setTimeout as sleep } from 'node:timers/promises';
import { LIVENESS_PATH, READINESS_PATH } from '../servers/server-config.js';
import type { Contender } from '../servers/server-config.js';
import { ADAPTERS, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import { loadSummary, medianRatio, sideBySide } from './throughput.js';

const CONTENDERS: Contender[] = ['raw', 'module', 'worker'];
const ANSWERED_BY: Partial<Record<Contender, string>> = {
  raw: 'node:http, same bytes',
  module: "front door, application's port",
  worker: 'probe worker, management port',
};
const PROBES: [string, string][] = [
  ['liveness', LIVENESS_PATH],
  ['readiness', READINESS_PATH],
];
const MINIMUM_RATIO = 0.8;
/** How long the worker's readiness may take to answer 200 after start-up. */
const READY_WAIT_MS = 10_000;
/** Headers that differ per response whoever writes it. */
const PER_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive']);

/**
 * The front door (issue 17): liveness and readiness on the application's own port against a raw
 * `node:http` server writing the same bytes, with the probe worker's management port alongside,
 * in the same rounds, per adapter.
 */
export const frontDoorScenario: Scenario = {
  name: 'front-door',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    for (const adapter of ADAPTERS) {
      const configs = CONTENDERS.map((contender) => ({ adapter, contender, setup: 'five' as const }));
      await withServers(configs, async (servers) => {
        const urls = new Map(CONTENDERS.map((contender, index) => [contender, servers[index]!.probeUrl]));
        for (const [probe, path] of PROBES) {
          await requireSameAnswers(urls, path);
          const results = await sideBySide(urls, path, settings);
          for (const contender of CONTENDERS) {
            const ratio = medianRatio(results, contender, 'raw');
            const judged = contender === 'module' ? verdict(settings, ratio >= MINIMUM_RATIO) : '';
            rows.push([adapter, probe, contender, ANSWERED_BY[contender]!, ...loadSummary(results.get(contender)!), percent(ratio), judged]);
          }
        }
      });
    }
    return {
      title: '8. Front door: probes on the application\'s port against raw node:http',
      target: `liveness and readiness answered by the module on the application's port at least ${MINIMUM_RATIO * 100}% of a raw node:http server's requests per second, both adapters`,
      headers: ['adapter', 'probe', 'contender', 'answered by', 'req/s (median)', 'p50 ms', 'p99 ms', 'failed', 'ratio to raw (median)', 'target'],
      rows,
      notes: notes(settings),
    };
  },
};

/**
 * Waits until every contender answers `path` with 200, then requires each answer to be the raw
 * server's: status, headers (but Date and the connection's own) and body.
 */
async function requireSameAnswers(urls: ReadonlyMap<Contender, string>, path: string): Promise<void> {
  const answers = new Map<Contender, string>();
  for (const [contender, url] of urls) answers.set(contender, await readyAnswer(url + path));
  const raw = answers.get('raw')!;
  for (const [contender, answer] of answers) {
    if (answer !== raw) throw new Error(`${contender} answers ${path} with\n${answer}\nbut raw with\n${raw}`);
  }
}

async function readyAnswer(url: string): Promise<string> {
  const deadline = performance.now() + READY_WAIT_MS;
  for (;;) {
    const response = await fetch(url);
    const body = await response.text();
    if (response.status === 200 || performance.now() > deadline) {
      const headers = [...response.headers].filter(([name]) => !PER_RESPONSE_HEADERS.has(name));
      return [String(response.status), ...headers.map(([name, value]) => `${name}: ${value}`), '', body].join('\n');
    }
    await sleep(100);
  }
}

function notes(settings: BenchSettings): string[] {
  return [
    '`raw` is a plain `node:http` server (no Nest, no framework) that writes the module\'s probe answer: status 200, ' +
      '`Cache-Control: no-store`, `Content-Type: application/json; charset=utf-8`, `Content-Length`, body `{"status":"UP"}`, ' +
      'for liveness and readiness alike. Before measuring a path, the bench reads it from every contender and stops ' +
      'unless status, headers (but `Date`, `Connection` and `Keep-Alive`) and body are the raw server\'s.',
    '`module` is `ManagementModule.forRoot()` with five cached `@HealthCheck` providers behind readiness (the `five` setup ' +
      'of scenarios 1 and 2), probed on the application\'s own port, where the front door answers ahead of Express or Fastify. ' +
      "`worker` is the same app with `{ port: 0, address: '127.0.0.1', probes: { worker: true } }`, probed on its management port, " +
      'which the probe worker thread serves; its ratio is reported, not held to a target.',
    `Per adapter the three servers start at once, each in a child process of its own; per path, each is warmed up for ` +
      `${settings.warmupSeconds} s, then ${settings.rounds} rounds of ${settings.seconds} s at ${settings.connections} connections, ` +
      'contenders alternating (A B C, then C B A); the ratio is the median of the per-round ratios to raw. autocannon runs in the ' +
      'bench process on the same machine, so the fastest servers may be held back by the load generator: a ratio near 100% ' +
      'reads "at least as fast as autocannon can ask", not "as fast as raw".',
  ];
}
