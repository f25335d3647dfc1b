// npm run bench [-- --scenario=liveness,storm] [-- --profile]; npm run bench:smoke for a run of seconds.
// A full run (every scenario, not smoke) writes bench/RESULTS.md. With --profile every server child
// writes a --cpu-prof profile to .bench-profiles/; read one with node build/bench/profile-summary.js FILE.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coldStartScenario } from './scenarios/cold-start.js';
import { dashboardOpenScenario } from './scenarios/dashboard-open.js';
import { frontDoorScenario } from './scenarios/front-door.js';
import { grpcSaturationScenario } from './scenarios/grpc-saturation.js';
import { hungCheckScenario } from './scenarios/hung-check.js';
import { memoryScenario } from './scenarios/memory.js';
import { profilingScenario } from './scenarios/profiling.js';
import { saturationScenario } from './scenarios/saturation.js';
import { startupScenario } from './scenarios/startup.js';
import { stormScenario } from './scenarios/storm.js';
import { throughputScenario } from './scenarios/throughput.js';
import { APP_PATH, LIVENESS_PATH, READINESS_PATH } from './servers/server-config.js';
import { describeEnvironment, REPO_ROOT } from './support/environment.js';
import { resultsMarkdown, sectionMarkdown } from './support/report.js';
import { FULL_SETTINGS, SMOKE_SETTINGS } from './support/scenario.js';
import type { Scenario, Section } from './support/scenario.js';
import { enableProfiling, PROFILE_DIRECTORY } from './support/server-process.js';

const SCENARIOS: Scenario[] = [
  throughputScenario({
    name: 'liveness',
    title: '1. Liveness/ping throughput',
    target: "at least 95% of the bare route's requests per second, both adapters",
    path: LIVENESS_PATH,
    setup: 'five',
    terminus: 'terminus',
    minimumRatio: 0.95,
  }),
  throughputScenario({
    name: 'readiness',
    title: '2. Readiness with 5 checks (cached)',
    target: "at least 90% of the bare route's requests per second, both adapters, with and without the Prometheus metrics (module-metrics)",
    path: READINESS_PATH,
    setup: 'five',
    terminus: 'terminus-cached',
    minimumRatio: 0.9,
    variants: ['module-metrics'],
  }),
  stormScenario,
  hungCheckScenario,
  startupScenario,
  memoryScenario,
  saturationScenario,
  frontDoorScenario,
  throughputScenario({
    name: 'app-route',
    title: "9. The application's own route, with the module and without",
    target: "the app's own route with the module imported at least 97% of the same app's without it, both adapters",
    path: APP_PATH,
    setup: 'five',
    minimumRatio: 0.97,
    contenders: ['app', 'app-module'],
  }),
  coldStartScenario,
  profilingScenario,
  dashboardOpenScenario,
  grpcSaturationScenario,
];

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const selected = args.find((arg) => arg.startsWith('--scenario='))?.slice('--scenario='.length).split(',');
const unknown = args.filter((arg) => arg !== '--smoke' && arg !== '--profile' && !arg.startsWith('--scenario='));
const names = SCENARIOS.map((scenario) => scenario.name);
const missing = selected?.filter((name) => !names.includes(name)) ?? [];
if (unknown.length > 0 || missing.length > 0) {
  console.error(`Unknown ${[...unknown, ...missing].join(', ')}. Usage: run.js [--smoke] [--profile] [--scenario=${names.join(',')}]`);
  process.exit(2);
}
if (args.includes('--profile')) {
  enableProfiling();
  console.log(`Servers write CPU profiles to ${PROFILE_DIRECTORY}/.`);
}

const settings = smoke ? SMOKE_SETTINGS : FULL_SETTINGS;
const started = performance.now();
const sections: Section[] = [];
for (const scenario of SCENARIOS.filter((scenario) => !selected || selected.includes(scenario.name))) {
  console.log(`\nRunning ${scenario.name}...`);
  const scenarioStarted = performance.now();
  const section = await scenario.run(settings);
  sections.push(section);
  console.log(`\n${sectionMarkdown(section)}\n\n(${scenario.name}: ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s)`);
}
const minutes = (performance.now() - started) / 60_000;
console.log(`\nDone in ${minutes.toFixed(1)} minutes.`);

if (!smoke && !selected) {
  const command = `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
  const run = { command, environment: describeEnvironment(), settings, date: new Date(), minutes };
  writeFileSync(join(REPO_ROOT, 'bench', 'RESULTS.md'), resultsMarkdown(run, sections));
  console.log('Wrote bench/RESULTS.md.');
}
