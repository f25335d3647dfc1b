import { LIVENESS_PATH, READINESS_PATH } from '../servers/server-config.js';
import { load } from '../support/load.js';
import { ADAPTERS, fixed, verdict } from '../support/scenario.js';
import type { Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';

const MB = 1024 * 1024;
const LIMIT_MB = 5;

/**
 * Memory: heap after full GC before and after a long run of liveness and readiness probes
 * (five cached checks) against this module; warmed up first so that start-up allocations are done.
 */
export const memoryScenario: Scenario = {
  name: 'memory',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    const paths = [LIVENESS_PATH, READINESS_PATH];
    for (const adapter of ADAPTERS) {
      await withServers([{ adapter, contender: 'module', setup: 'five' }], async ([server]) => {
        const probe = (amount: number) => load(server!.baseUrl, { connections: settings.connections, amount, paths });
        await probe(Math.min(20_000, settings.memoryRequests));
        const before = await server!.heapAfterGc();
        const result = await probe(settings.memoryRequests);
        const after = await server!.heapAfterGc();
        const growth = (after - before) / MB;
        rows.push([
          adapter,
          String(result.ok + result.failed),
          fixed(result.requestsPerSecond),
          fixed(before / MB, 2),
          fixed(after / MB, 2),
          fixed(growth, 2),
          verdict(settings, growth < LIMIT_MB),
        ]);
      });
    }
    return {
      title: `6. Memory: ${settings.memoryRequests.toLocaleString('en-US')} probe requests (liveness and readiness in turn)`,
      target: `heap growth after GC < ${LIMIT_MB} MB`,
      headers: ['adapter', 'requests', 'req/s', 'heap before MB', 'heap after MB', 'growth MB', 'target'],
      rows,
      notes: ['Heap is `process.memoryUsage().heapUsed` in the server after three full `gc()` passes.'],
    };
  },
};
