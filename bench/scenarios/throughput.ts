import type { Contender, Setup } from '../servers/server-config.js';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { ADAPTERS, fixed, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import { inRounds, median, ratios } from '../support/stats.js';

interface ThroughputSpec {
  name: string;
  title: string;
  target: string;
  path: string;
  setup: Setup;
  /** Which terminus to compare: plain, or with `.cacheFor()` where the scenario is about caching. */
  terminus: Contender;
  /** Least share of the bare route's requests per second the module must reach. */
  minimumRatio: number;
  /** Variants of the module measured in the same rounds, held to the same target. */
  variants?: Contender[];
}

/** Requests per second of one endpoint: bare route, this module and terminus, alternating, per adapter. */
export function throughputScenario(spec: ThroughputSpec): Scenario {
  return { name: spec.name, run: (settings) => measureThroughput(spec, settings) };
}

async function measureThroughput(spec: ThroughputSpec, settings: BenchSettings): Promise<Section> {
  const contenders: Contender[] = ['bare', 'module', ...(spec.variants ?? []), spec.terminus];
  const rows: string[][] = [];
  for (const adapter of ADAPTERS) {
    const configs = contenders.map((contender) => ({ adapter, contender, setup: spec.setup }));
    await withServers(configs, async (servers) => {
      const urlOf = (contender: Contender) => servers[contenders.indexOf(contender)]!.baseUrl;
      const drive = (contender: Contender, seconds: number) =>
        load(urlOf(contender), { connections: settings.connections, seconds, paths: [spec.path] });
      if (settings.warmupSeconds > 0) for (const contender of contenders) await drive(contender, settings.warmupSeconds);
      const results = await inRounds(contenders, settings.rounds, (contender) => drive(contender, settings.seconds));
      const rps = (contender: Contender) => results.get(contender)!.map((result) => result.requestsPerSecond);
      for (const contender of contenders) {
        const ratio = median(ratios(rps(contender), rps('bare')));
        const judged = contender.startsWith('module') ? verdict(settings, ratio >= spec.minimumRatio) : '';
        rows.push([adapter, contender, ...summary(results.get(contender)!), percent(ratio), judged]);
      }
    });
  }
  return {
    title: spec.title,
    target: spec.target,
    headers: ['adapter', 'contender', 'req/s (median)', 'p50 ms', 'p99 ms', 'failed', 'ratio to bare (median)', 'target'],
    rows,
  };
}

function summary(results: LoadResult[]): string[] {
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  return [
    fixed(median(results.map((result) => result.requestsPerSecond))),
    fixed(median(results.map((result) => result.p50)), 1),
    fixed(median(results.map((result) => result.p99)), 1),
    String(failed),
  ];
}
