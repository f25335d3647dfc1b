// node build/bench/profile-summary.js FILE.cpuprofile [FILTER]: the functions that took the most
// time in a profile written by `npm run bench -- --profile`, by self time and by total time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, filter = ''] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node build/bench/profile-summary.js FILE.cpuprofile [FILTER]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const sampled = new Map<number, number>();
profile.samples.forEach((id, index) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const label = ({ callFrame }: ProfileNode) =>
  `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(build|\.bench-build)\//, '')}:${callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, micros] of sampled) {
  const own = label(nodes.get(id)!);
  self.set(own, (self.get(own) ?? 0) + micros);
  const counted = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const name = label(nodes.get(current)!);
    if (counted.has(name)) continue;
    counted.add(name);
    total.set(name, (total.get(name) ?? 0) + micros);
  }
}

const all = [...sampled.values()].reduce((sum, micros) => sum + micros, 0);
for (const [title, times] of [['self', self], ['total', total]] as const) {
  console.log(`\nBy ${title} time (profile: ${(all / 1000).toFixed(0)} ms)`);
  const top = [...times].filter(([name]) => name.includes(filter)).sort((left, right) => right[1] - left[1]).slice(0, 25);
  for (const [name, micros] of top) {
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / all).toFixed(1).padStart(5)}%  ${name}`);
  }
}
