import { APP_PATH, DIAGNOSTICS_TOKEN } from '../servers/server-config.js';
import { load } from '../support/load.js';
import type { LoadResult } from '../support/load.js';
import { ADAPTERS, fixed, percent, verdict } from '../support/scenario.js';
import type { BenchSettings, Scenario, Section } from '../support/scenario.js';
import { withServers } from '../support/server-process.js';
import { inRounds, median, ratios } from '../support/stats.js';
import { loadSummary } from './throughput.js';

const MINIMUM_RATIO = 0.9;
type Window = 'idle' | 'recording';

/**
 * The application's own route while GET /profile records a CPU profile, against the same app's
 * route with nothing recording: one server per adapter, windows alternating round by round, so
 * both see the same machine. The idle windows' own spread is the noise the ratio is read against.
 */
export const profilingScenario: Scenario = {
  name: 'profiling',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    const notes: string[] = [];
    for (const adapter of ADAPTERS) {
      await withServers([{ adapter, contender: 'app-diagnostics', setup: 'five' }], async ([server]) => {
        const baseUrl = server!.baseUrl;
        const drive = (seconds: number) => load(baseUrl, { connections: settings.connections, seconds, paths: [APP_PATH] });
        if (settings.warmupSeconds > 0) await drive(settings.warmupSeconds);
        const results = await inRounds<Window, LoadResult>(['idle', 'recording'], settings.rounds, (window) =>
          window === 'idle' ? drive(settings.seconds) : whileRecording(baseUrl, settings, () => drive(settings.seconds)),
        );
        const rps = (window: Window) => results.get(window)!.map((result) => result.requestsPerSecond);
        const ratio = median(ratios(rps('recording'), rps('idle')));
        const idle = rps('idle');
        const noise = idle.length > 1 ? (Math.max(...idle) - Math.min(...idle)) / median(idle) : 0;
        for (const window of ['idle', 'recording'] as const) {
          const held = window === 'recording';
          rows.push([adapter, window, ...loadSummary(results.get(window)!), held ? percent(ratio) : '', held ? verdict(settings, ratio >= MINIMUM_RATIO) : '']);
        }
        notes.push(`${adapter}: the idle windows spread over ${percent(noise)} of their median (the noise); recording costs ${percent(1 - ratio)}.`);
      });
    }
    return {
      title: "11. The application's own route while /profile records a CPU profile",
      target: `the route's requests per second while recording at least ${percent(MINIMUM_RATIO)} of the same app's idle windows, both adapters`,
      headers: ['adapter', 'window', 'req/s (median)', 'p50 ms', 'p99 ms', 'failed', 'ratio to idle (median)', 'target'],
      rows,
      notes,
    };
  },
};

/** Runs `measure` while a CPU profile records over all of it, then waits for the profile. */
async function whileRecording(baseUrl: string, settings: BenchSettings, measure: () => Promise<LoadResult>): Promise<LoadResult> {
  const seconds = Math.ceil(settings.seconds) + 1;
  const profile = await fetch(`${baseUrl}/z/profile?seconds=${seconds}`, { headers: { 'x-token': DIAGNOSTICS_TOKEN } });
  if (profile.status !== 200) throw new Error(`GET /z/profile answered ${profile.status}: ${await profile.text()}`);
  const result = await measure();
  const body = (await profile.json()) as { samples: unknown[] };
  if (body.samples.length === 0) throw new Error('the CPU profile recorded no samples');
  return result;
}
