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
  terminus?: Contender;
  /** Least share of the baseline's requests per second the module must reach. */
  minimumRatio: number;
  /** Variants of the module measured in the same rounds, held to the same target. */
  variants?: Contender[];
  /**
   * Every contender, the baseline first; by default bare, module, the variants and terminus.
   * Each but the baseline and terminus is held to the target.
   */
  contenders?: Contender[];
}

/** Requests per second of one endpoint: bare route, this module and terminus, alternating, per adapter. */
export function throughputScenario(spec: ThroughputSpec): Scenario {
  return { name: spec.name, run: (settings) => measureThroughput(spec, settings) };
}

async function measureThroughput(spec: ThroughputSpec, settings: BenchSettings): Promise<Section> {
  const contenders = spec.contenders ?? ['bare', 'module', ...(spec.variants ?? []), ...(spec.terminus ? [spec.terminus] : [])];
  const baseline = contenders[0]!;
  const rows: string[][] = [];
  for (const adapter of ADAPTERS) {
    const configs = contenders.map((contender) => ({ adapter, contender, setup: spec.setup }));
    await withServers(configs, async (servers) => {
      const urls = new Map(contenders.map((contender, index) => [contender, servers[index]!.baseUrl]));
      const results = await sideBySide(urls, spec.path, settings);
      for (const contender of contenders) {
        const ratio = medianRatio(results, contender, baseline);
        const held = contender !== baseline && !contender.startsWith('terminus');
        rows.push([adapter, contender, ...loadSummary(results.get(contender)!), percent(ratio), held ? verdict(settings, ratio >= spec.minimumRatio) : '']);
      }
    });
  }
  return {
    title: spec.title,
    target: spec.target,
    headers: ['adapter', 'contender', 'req/s (median)', 'p50 ms', 'p99 ms', 'failed', `ratio to ${baseline} (median)`, 'target'],
    rows,
  };
}

/**
 * Requests per second of `path` at each contender's URL, side by side: a warm-up each, then
 * rounds in which the contenders alternate. The results per contender, by round.
 */
export async function sideBySide<C>(urls: ReadonlyMap<C, string>, path: string, settings: BenchSettings): Promise<Map<C, LoadResult[]>> {
  const contenders = [...urls.keys()];
  const drive = (contender: C, seconds: number) => load(urls.get(contender)!, { connections: settings.connections, seconds, paths: [path] });
  if (settings.warmupSeconds > 0) for (const contender of contenders) await drive(contender, settings.warmupSeconds);
  return inRounds(contenders, settings.rounds, (contender) => drive(contender, settings.seconds));
}

/** The median over rounds of `contender`'s requests per second divided by `baseline`'s in the same round. */
export function medianRatio<C>(results: ReadonlyMap<C, LoadResult[]>, contender: C, baseline: C): number {
  const rps = (of: C) => results.get(of)!.map((result) => result.requestsPerSecond);
  return median(ratios(rps(contender), rps(baseline)));
}

/** req/s, p50 and p99 (medians over rounds) and the failed requests of all rounds. */
export function loadSummary(results: LoadResult[]): string[] {
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  return [
    fixed(median(results.map((result) => result.requestsPerSecond))),
    fixed(median(results.map((result) => result.p50)), 1),
    fixed(median(results.map((result) => result.p99)), 1),
    String(failed),
  ];
}
