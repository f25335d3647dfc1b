import { ADAPTERS, fixed, verdict } from '../support/scenario.js';
import type { Scenario, Section } from '../support/scenario.js';
import { measureStartup } from '../support/server-process.js';
import { inRounds, median } from '../support/stats.js';

const LIMIT_MS = 50;

/**
 * Start-up: NestFactory.create() + app.init() of an app with N providers marked @HealthCheck
 * against the same app whose N providers are not marked; each start in a fresh process.
 */
export const startupScenario: Scenario = {
  name: 'startup',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    for (const adapter of ADAPTERS) {
      const providers = settings.startupProviders;
      const times = await inRounds([false, true], settings.startupRounds, (decorated) =>
        measureStartup({ adapter, providers, decorated }),
      );
      const plain = times.get(false)!;
      const decorated = times.get(true)!;
      const added = median(decorated.map((time, round) => time - plain[round]!));
      rows.push([adapter, fixed(median(plain), 1), fixed(median(decorated), 1), fixed(added, 1), verdict(settings, added < LIMIT_MS)]);
    }
    return {
      title: `5. Start-up: ${settings.startupProviders} providers, decorated or not`,
      target: `discovery and registration of ${settings.startupProviders} decorated providers add < ${LIMIT_MS} ms`,
      headers: ['adapter', 'undecorated ms (median)', 'decorated ms (median)', 'added ms (median of differences)', 'target'],
      rows,
      notes: ['Both apps import ManagementModule and have the same number of providers; only the decorator differs.'],
    };
  },
};
