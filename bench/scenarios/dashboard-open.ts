import { READINESS_PATH } from '../servers/server-config.js';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { ADAPTERS, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import { inRounds, median, ratios } from '../support/stats.js';
import { loadSummary } from './throughput.js';

/** Dashboard pages kept open while probes are measured, each polling its state every `POLL_MS`. */
const PAGES = 10;
const POLL_MS = 500;
const MINIMUM_RATIO = 0.95;

type Condition = 'module' | 'dashboard closed' | 'pages on a static file' | 'dashboard open';

/**
 * Readiness probes per second with the dashboard open: the module without a dashboard, the same
 * app with the dashboard enabled and nobody viewing it, with `PAGES` pages polling its stylesheet
 * (the control: the same client process and request rate), and with `PAGES` pages polling
 * /z/dashboard/state (each state evaluates every check under its TTL, as /health does). The
 * conditions alternate in rounds; the open dashboard is held to 95% of the control.
 */
export const dashboardOpenScenario: Scenario = {
  name: 'dashboard-open',
  async run(settings: BenchSettings): Promise<Section> {
    const rows: string[][] = [];
    const notes: string[] = [
      `Each page polls every ${POLL_MS} ms from a process of its own (bench/servers/dashboard-viewers.ts), as the page's script does. ` +
        'The control, "pages on a static file", is the same process polling the stylesheet instead of the state: on a 2-core machine ' +
        'any third process takes CPU from the server and the load generator, so the state\'s own cost is "dashboard open" against it.',
    ];
    for (const adapter of ADAPTERS) {
      await withServers(
        [
          { adapter, contender: 'module', setup: 'five' },
          { adapter, contender: 'module-dashboard', setup: 'five' },
        ],
        async ([plain, dashboard]) => {
          const probe = (url: string, seconds: number) => load(url, { connections: settings.connections, seconds, paths: [READINESS_PATH] });
          const measure = async (condition: Condition, seconds = settings.seconds): Promise<LoadResult> => {
            if (condition === 'module') return probe(plain!.probeUrl, seconds);
            if (condition === 'dashboard closed') return probe(dashboard!.probeUrl, seconds);
            const viewers = await openPages(`${dashboard!.baseUrl}/z/dashboard/${condition === 'dashboard open' ? 'state' : 'app.css'}`);
            try {
              return await probe(dashboard!.probeUrl, seconds);
            } finally {
              const answered = await viewers.close();
              if (condition === 'dashboard open') polls += answered;
            }
          };
          let polls = 0;
          const conditions: Condition[] = ['module', 'dashboard closed', 'pages on a static file', 'dashboard open'];
          if (settings.warmupSeconds > 0) for (const condition of conditions) await measure(condition, settings.warmupSeconds);
          const results = await inRounds(conditions, settings.rounds, (condition) => measure(condition));
          const rps = (condition: Condition) => results.get(condition)!.map((result) => result.requestsPerSecond);
          for (const condition of conditions) {
            const toModule = median(ratios(rps(condition), rps('module')));
            const toControl = condition === 'dashboard open' ? median(ratios(rps(condition), rps('pages on a static file'))) : Number.NaN;
            rows.push([
              adapter,
              condition,
              ...loadSummary(results.get(condition)!),
              percent(toModule),
              condition === 'dashboard open' ? percent(toControl) : '',
              condition === 'dashboard open' ? verdict(settings, toControl >= MINIMUM_RATIO) : '',
            ]);
          }
          notes.push(`${adapter}: the pages were answered ${polls} state polls while probes were measured.`);
        },
      );
    }
    return {
      title: '11. Probes with the dashboard open',
      target: `readiness probes per second with ${PAGES} dashboard pages polling their state every ${POLL_MS} ms at least 95% of the same pages polling a static file, both adapters`,
      headers: ['adapter', 'condition', 'req/s (median)', 'p50 ms', 'p99 ms', 'failed', 'ratio to module (median)', 'ratio to pages on a static file (median)', 'target'],
      rows,
      notes,
    };
  },
};

/** Starts `PAGES` pages polling `url` in a child process; `close()` stops them and gives the number of answers. */
async function openPages(url: string): Promise<{ close(): Promise<number> }> {
  const path = fileURLToPath(new URL('../servers/dashboard-viewers.js', import.meta.url));
  const child = fork(path, [JSON.stringify({ url, pages: PAGES, pollMs: POLL_MS })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await once(child, 'message');
  return {
    async close() {
      child.send('stop');
      const [reply] = (await once(child, 'message')) as [{ answers: number }];
      return reply.answers;
    },
  };
}
