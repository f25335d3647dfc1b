import { READINESS_PATH } from '../servers/server-config.js';
import type { Contender } from '../servers/server-config.js';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { ADAPTERS, fixed, verdict } from '../support/scenario.js';
import type { Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { alternated, median } from '../support/stats.js';

const CONTENDERS: Contender[] = ['module', 'terminus', 'terminus-cached'];

type Burst = LoadResult & { executions: number };

/**
 * Probe storm: one burst of concurrent readiness requests at each freshly started app (a cold cache,
 * so the burst falls in one TTL window) whose one check takes 50 ms; counts executions of that check.
 */
export const stormScenario: Scenario = {
  name: 'storm',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    for (const adapter of ADAPTERS) {
      const bursts = new Map<Contender, Burst[]>(CONTENDERS.map((contender) => [contender, []]));
      for (let round = 0; round < settings.stormRounds; round++) {
        const configs = CONTENDERS.map((contender) => ({ adapter, contender, setup: 'storm' as const }));
        await withServers(configs, async (servers) => {
          for (const contender of alternated(CONTENDERS, round)) {
            bursts.get(contender)!.push(await burst(servers[CONTENDERS.indexOf(contender)]!, settings.stormSize));
          }
        });
      }
      for (const contender of CONTENDERS) {
        const results = bursts.get(contender)!;
        const executions = results.map((result) => result.executions);
        const judged = contender === 'module' ? verdict(settings, Math.max(...executions) === 1) : '';
        rows.push([
          adapter,
          contender,
          fixed(median(executions)),
          fixed(Math.max(...executions)),
          fixed(Math.min(...results.map((result) => result.ok))),
          fixed(median(results.map((result) => result.p99)), 1),
          judged,
        ]);
      }
    }
    return {
      title: `3. Probe storm: ${settings.stormSize} concurrent readiness requests, check takes 50 ms`,
      target: 'executions of the check per TTL window = 1 (terminus: one per request)',
      headers: ['adapter', 'contender', 'executions (median)', 'executions (max)', '200 answers (min)', 'p99 ms', 'target'],
      rows,
      notes: [
        'Each burst hits a freshly started server, so it falls in one TTL window (27 s, the default).',
        '`terminus` is `.attempt().withTimeout()` as its docs show it; `terminus-cached` adds `.cacheFor(27000)`.',
      ],
    };
  },
};

/** `size` readiness requests at once, one per connection, and the check executions they caused. */
async function burst(server: ServerProcess, size: number): Promise<Burst> {
  const result = await load(server.baseUrl, { connections: size, amount: size, paths: [READINESS_PATH] });
  return { ...result, executions: await server.executions() };
}
