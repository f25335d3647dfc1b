import { fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ColdStartConfig, ColdStartReport } from '../servers/cold-start/child.js';
import { fixed, verdict } from '../support/scenario.js';
import type { Scenario, Section } from '../support/scenario.js';
import { inRounds, median } from '../support/stats.js';

/** Most that importing the library may add to a process that already loads Nest. */
const IMPORT_LIMIT_MS = 30;
const CONTENDERS: readonly ColdStartConfig['contender'][] = ['nest', 'module', 'terminus'];
const CHILD = fileURLToPath(new URL('../servers/cold-start/child.js', import.meta.url));

interface ColdStart {
  /** Milliseconds to import the contender's app module (and its library) after Nest. */
  importMs: number;
  /** Milliseconds from spawning the process to its first readiness 200. */
  readyMs: number;
}

/** Starts one fresh process, waits for its first readiness 200, and stops it. */
async function coldStart(config: ColdStartConfig): Promise<ColdStart> {
  const spawned = performance.now();
  const child = fork(CHILD, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [report] = (await once(child, 'message')) as [ColdStartReport];
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${report.port}/z/health/readiness`).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) return { importMs: report.libraryLoadedMs - report.nestLoadedMs, readyMs: performance.now() - spawned };
      await sleep(1);
    }
  } finally {
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
  }
}

/**
 * Cold start: a fresh process that loads Nest, imports the contender's app (Nest alone, this
 * library, or @nestjs/terminus) and serves readiness. The import is timed inside the process;
 * the first readiness 200 from outside, from the spawn.
 */
export const coldStartScenario: Scenario = {
  name: 'cold-start',
  async run(settings): Promise<Section> {
    const rows: string[][] = [];
    for (const adapter of settings.coldStartAdapters) {
      const results = await inRounds(CONTENDERS, settings.coldStartRounds, (contender) => coldStart({ adapter, contender }));
      const nest = results.get('nest')!;
      for (const contender of CONTENDERS) {
        const runs = results.get(contender)!;
        const importAdded = median(runs.map((run, round) => run.importMs - nest[round]!.importMs));
        const readyAdded = median(runs.map((run, round) => run.readyMs - nest[round]!.readyMs));
        const target = contender === 'module' ? verdict(settings, importAdded <= IMPORT_LIMIT_MS) : '';
        rows.push([
          adapter,
          contender,
          fixed(median(runs.map((run) => run.importMs)), 1),
          contender === 'nest' ? '' : fixed(importAdded, 1),
          fixed(median(runs.map((run) => run.readyMs)), 1),
          contender === 'nest' ? '' : fixed(readyAdded, 1),
          target,
        ]);
      }
    }
    return {
      title: '8. Cold start: importing the library and the first readiness 200, in a fresh process',
      target: `importing the library adds at most ${IMPORT_LIMIT_MS} ms to a process that already loads Nest`,
      headers: ['adapter', 'contender', 'import ms (median)', 'import added ms', 'first readiness 200 ms (median)', 'readiness added ms', 'target'],
      rows,
      notes: [
        '`nest` imports an app module with its own readiness route; `module` imports one with `ManagementModule.forRoot()`; ' +
          '`terminus` one with TerminusModule and a `HealthCheckService.check([])` route. Import is timed inside the child, after ' +
          '@nestjs/common, @nestjs/core and the platform are loaded; the first readiness 200 is timed by the parent from the spawn. ' +
          `Contenders alternate in each of ${settings.coldStartRounds} round(s); "added" is the median of per-round differences from \`nest\`.`,
      ],
    };
  },
};
