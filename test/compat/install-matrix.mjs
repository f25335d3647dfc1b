// Install matrix: the packed package (npm pack, once) installed as the README's install line says
// into fresh applications that hold what `nest new` gives them, one cell per NestJS major, module
// format and HTTP adapter. Each cell starts real apps (the endpoints on the app's port, then on a
// management port served by the probe worker and by the main thread), checks /z/health,
// /z/health/readiness and /z/version, and runs the installed probe command both through npx and
// through node with a PATH that holds only node. The CommonJS cells also run a Jest e2e suite set
// up as `nest new` sets it up (jest-cell.mjs). The microservice cells run a TCP microservice, a
// hybrid app, and a hybrid HTTP + gRPC app answering gRPC health Checks on its own gRPC server and
// on the probe worker's gRPC port (microservice-app.mjs); the bundled cell builds a Nest 12 app
// with webpack (Nest CLI) and esbuild and proves the probe worker serves each build (bundled-cell.mjs). Cells run one after
// another, one npm install each, and share the npm cache.
//
//   npm run test:compat                                  (builds first)
//   node test/compat/install-matrix.mjs [cell ...]       e.g. 11-cjs-express 12-esm-fastify 12-bundled
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BUNDLER_PACKAGES, runBundledCell } from './bundled-cell.mjs';
import { jestPackages, jestRunsNest, runJestCell } from './jest-cell.mjs';
import { matrixAppSource } from './matrix-app.mjs';
import { microserviceAppSource, microservicePackages } from './microservice-app.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** What a Nest application of each major holds before this package (`nest new`'s dependencies, less the platform). */
const NEST_APP = (nest) => [`@nestjs/common@${nest}`, `@nestjs/core@${nest}`, 'reflect-metadata@0.2', 'rxjs@7'];
/** Never installed, not even as a peer: the module has its own HTTP client. */
const NEVER = ['@nestjs/axios', 'axios'];
const ALL_CELLS = [
  ...[11, 12].flatMap((nest) =>
    ['cjs', 'esm'].flatMap((format) => ['express', 'fastify'].map((adapter) => ({ nest, format, adapter, name: `${nest}-${format}-${adapter}` }))),
  ),
  { nest: 11, format: 'cjs', microservice: true, name: '11-microservice' },
  { nest: 12, format: 'cjs', microservice: true, name: '12-microservice' },
  { nest: 12, format: 'cjs', bundled: true, name: '12-bundled' },
];
const installLine = readmeInstallLine();

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !ALL_CELLS.some((cell) => cell.name === name));
if (unknown.length > 0) {
  console.error(`Unknown cell ${unknown.join(', ')}; cells: ${ALL_CELLS.map((cell) => cell.name).join(', ')}.`);
  process.exit(2);
}
const cells = wanted.length > 0 ? ALL_CELLS.filter((cell) => wanted.includes(cell.name)) : ALL_CELLS;
if (!existsSync(join(root, 'dist', 'cjs', 'index.js')) || !existsSync(join(root, 'dist', 'esm', 'probe-command', 'probe.js'))) {
  console.error('No build in dist/: run `npm run build` first (or `npm run test:compat`).');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'install-matrix-'));
for (let folder = dirname(work); ; folder = dirname(folder)) {
  // Node would find packages there: the cells would not be fresh applications.
  if (existsSync(join(folder, 'node_modules'))) {
    console.error(`${join(folder, 'node_modules')} exists above the matrix's folder ${work}; set TMPDIR elsewhere.`);
    process.exit(2);
  }
  if (folder === dirname(folder)) break;
}
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const results = [];
try {
  const tarball = join(work, pack());
  const nodeOnly = join(work, 'node-only-path');
  execFileSync('mkdir', [nodeOnly]);
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  for (const cell of cells) results.push(runCell(cell, tarball, nodeOnly));
} finally {
  rmSync(work, { recursive: true, force: true });
}
const failed = results.filter((result) => !result.passed);
console.log(`install matrix: ${cells.length} cells on Node ${process.versions.node} in ${seconds(started)}`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);

/** Packs the package once and checks the tarball holds the build (and the Prometheus rule files it ships) and nothing else. */
function pack() {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', root, '--pack-destination', work, '--json', '--silent'], { cwd: work }).toString());
  const strays = packed.files.map((file) => file.path).filter((path) => !/^(dist\/|prometheus\/[^/]+\.yml$|package\.json$|README\.md$|LICENSE)/.test(path));
  if (strays.length > 0) throw new Error(`the tarball holds files outside dist/: ${strays.join(', ')}`);
  console.log(`packed ${packed.filename}: ${packed.files.length} files, ${Math.round(packed.size / 1024)} KiB`);
  return packed.filename;
}

/**
 * The packages the README's install line names after this one (none today): the cells install
 * exactly those beside the package.
 */
function readmeInstallLine() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const line = readme.split('\n').find((text) => text.startsWith(`npm install ${manifest.name}`));
  if (line === undefined) throw new Error(`README.md has no line \`npm install ${manifest.name}\``);
  return line.split(/\s+/).slice(3);
}

/** What the cell's application holds beside the package. */
function cellPackages(cell) {
  if (cell.bundled) return [...NEST_APP(cell.nest), ...BUNDLER_PACKAGES];
  if (cell.microservice) return [...NEST_APP(cell.nest), ...microservicePackages(cell.nest)];
  const platform = `@nestjs/platform-${cell.adapter}@${cell.nest}`;
  return [...NEST_APP(cell.nest), platform, ...(withJest(cell) ? jestPackages(cell.nest) : [])];
}

/** The version, format and platform cells in CommonJS: a Jest suite, as in `nest new` apps. */
function jestCell(cell) {
  return cell.format === 'cjs' && !cell.microservice && !cell.bundled;
}

/** Whether the cell runs its Jest suite: not where Jest cannot load its Nest at all. */
function withJest(cell) {
  return jestCell(cell) && jestRunsNest(cell.nest);
}

/** Installs the tarball and the cell's packages into a fresh folder, then runs the cell's apps there. */
function runCell(cell, tarball, nodeOnly) {
  const cellStarted = performance.now();
  const folder = join(work, cell.name);
  execFileSync('mkdir', [folder]);
  console.log(`${cell.name}:`);
  try {
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `matrix-${cell.name}`, private: true, type: cell.format === 'esm' ? 'module' : 'commonjs' }));
    const installs = [tarball, ...installLine, ...cellPackages(cell)];
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', '--prefer-offline', ...installs], { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] });
    const installSeconds = seconds(cellStarted);
    assertNoStrayPackages(folder, installs);
    if (cell.bundled) {
      runBundledCell(folder, join(work, `${cell.name}-elsewhere`), seconds);
      console.log(`  ok ${cell.name} (install ${installSeconds}, total ${seconds(cellStarted)})`);
      return { cell, passed: true };
    }
    writeFileSync(join(folder, 'main.js'), cell.microservice ? microserviceAppSource() : matrixAppSource(cell.format, cell.adapter));
    const app = spawnSync(process.execPath, ['main.js'], { cwd: folder, env: { ...process.env, NODE_ONLY_PATH: nodeOnly }, encoding: 'utf8', timeout: 120_000 });
    process.stdout.write(app.stdout);
    process.stderr.write(app.stderr);
    if (app.status !== 0) throw new Error(`the app exited with ${app.status ?? app.signal}`);
    if (withJest(cell)) {
      const jestStarted = performance.now();
      const tally = runJestCell(folder, cell.nest, cell.adapter);
      console.log(`  Jest e2e suite (ts-jest, supertest${cell.adapter === 'fastify' ? ', inject()' : ''}): ${tally} (${seconds(jestStarted)})`);
    }
    if (jestCell(cell) && !withJest(cell)) {
      console.log(`  Jest e2e suite: not run on Node ${process.versions.node}; Jest loads Nest ${cell.nest} (ESM only) from CommonJS from Node 24.9`);
    }
    console.log(`  ok ${cell.name} (install ${installSeconds}, total ${seconds(cellStarted)})`);
    return { cell, passed: true };
  } catch (error) {
    console.log(`  FAILED ${cell.name}: ${error.message}`);
    return { cell, passed: false };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Nothing may come along with the package but its own dependencies: none of its development
 * dependencies, and none of the drivers it declares as optional peers (unless the cell asked).
 */
function assertNoStrayPackages(folder, installs) {
  const requested = new Set(installs.slice(1).map((spec) => spec.replace(/(.)@.*$/, '$1')));
  const tree = JSON.parse(spawnSync('npm', ['ls', '--all', '--json'], { cwd: folder, encoding: 'utf8' }).stdout);
  const present = new Set();
  const walk = (dependencies) => {
    for (const [name, node] of Object.entries(dependencies ?? {})) {
      if (node.version === undefined) continue; // an optional peer that is not installed
      present.add(name);
      walk(node.dependencies);
    }
  };
  walk(tree.dependencies);
  const optionalPeers = Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta[name].optional);
  const strays = [...optionalPeers, ...NEVER].filter((name) => !requested.has(name) && present.has(name));
  if (strays.length > 0) throw new Error(`packages the app did not ask for were installed: ${strays.join(', ')}`);
  const library = tree.dependencies['nestjs-management-endpoints'];
  const own = Object.entries(library?.dependencies ?? {})
    .filter(([name, node]) => node.version !== undefined && !requested.has(name))
    .map(([name]) => name);
  const expected = Object.keys(manifest.dependencies).sort();
  if (JSON.stringify(own.sort()) !== JSON.stringify(expected)) {
    throw new Error(`the package brought ${own.join(', ')}; expected only its dependencies ${expected.join(', ')}`);
  }
  console.log(`  installed: the package (with ${expected.join(', ')}) and ${[...requested].join(', ')}; no dev or optional peer package, no axios`);
}
