import { CHECK_TIMEOUT, LIVENESS_PATH, READINESS_PATH } from '../servers/server-config.js';
import type { Contender, Setup } from '../servers/server-config.js';
import { load } from '../support/load.js';
import { ADAPTERS, fixed, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import { inRounds, median, ratios } from '../support/stats.js';

interface App {
  label: string;
  contender: Contender;
  setup: Setup;
}

const APPS: App[] = [
  { label: 'module, hung check', contender: 'module', setup: 'hung' },
  { label: 'module, healthy check (control)', contender: 'module', setup: 'healthy' },
  { label: 'terminus, hung check', contender: 'terminus', setup: 'hung' },
];
/** Readiness probes arrive at a fixed rate, the same for every app, so the CPU they cost is comparable. */
const READINESS_RATE = 100;
const READINESS_CONNECTIONS = 50;
const LIMIT = CHECK_TIMEOUT + 50;

/**
 * Slow and hung checks: readiness probes at a steady rate against an app whose one check never
 * settles (uncached), while liveness is driven flat out at the same time.
 */
export const hungCheckScenario: Scenario = {
  name: 'hung',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    for (const adapter of ADAPTERS) {
      const configs = APPS.map(({ contender, setup }) => ({ adapter, contender, setup }));
      await withServers(configs, async (servers) => {
        const results = await inRounds(APPS, settings.rounds, (app) => probeBoth(servers[APPS.indexOf(app)]!.baseUrl, settings));
        const livenessRps = (app: App) => results.get(app)!.map((result) => result.liveness.requestsPerSecond);
        for (const app of APPS) {
          const runs = results.get(app)!;
          const readinessP99 = median(runs.map((result) => result.readiness.p99));
          const livenessRatio = median(ratios(livenessRps(app), livenessRps(APPS[1]!)));
          const livenessFailed = runs.reduce((sum, result) => sum + result.liveness.failed, 0);
          const passed = readinessP99 < LIMIT && livenessRatio >= 0.9 && livenessFailed === 0;
          rows.push([
            adapter,
            app.label,
            fixed(readinessP99, 1),
            fixed(Math.max(...runs.map((result) => result.readiness.max)), 1),
            fixed(median(livenessRps(app))),
            fixed(median(runs.map((result) => result.liveness.p99)), 1),
            String(livenessFailed),
            percent(livenessRatio),
            app === APPS[0] ? verdict(settings, passed) : '',
          ]);
        }
      });
    }
    return {
      title: `4. Slow and hung checks: one readiness check never settles (timeout ${CHECK_TIMEOUT} ms, no cache)`,
      target: `readiness p99 < ${LIMIT} ms; liveness unaffected (>= 90% of the control's req/s, no failures)`,
      headers: ['adapter', 'app', 'readiness p99 ms', 'readiness max ms', 'liveness req/s', 'liveness p99 ms', 'liveness failed', 'liveness vs control', 'target'],
      rows,
      notes: [
        `Readiness is driven at ${READINESS_RATE} req/s over ${READINESS_CONNECTIONS} connections while liveness runs flat out alongside.`,
        'The check has `ttl: 0`, so every readiness request waits on a running execution: the worst case.',
      ],
    };
  },
};

async function probeBoth(baseUrl: string, settings: BenchSettings) {
  const [readiness, liveness] = await Promise.all([
    load(baseUrl, { connections: READINESS_CONNECTIONS, rate: READINESS_RATE, seconds: settings.seconds, paths: [READINESS_PATH] }),
    load(baseUrl, { connections: settings.connections, seconds: settings.seconds, paths: [LIVENESS_PATH] }),
  ]);
  return { readiness, liveness };
}
