// The install matrix's bundled cell: a TypeScript Nest app using the installed package, built the
// ways bundled applications are, each run to prove the probe worker still serves the management
// port: `nest build --webpack` as the Nest CLI sets it up (packages left in node_modules), the
// same with everything in one file (the serverless setup), and esbuild into one file. The
// one-file builds run from another folder, with no node_modules to find anything in.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the cell installs beside the package and its peers: the Nest CLI with webpack, and esbuild. */
export const BUNDLER_PACKAGES = [
  '@nestjs/platform-express@12',
  '@nestjs/cli@12',
  'webpack@5',
  'webpack-node-externals@3',
  'ts-loader@9',
  'tsconfig-paths-webpack-plugin@4',
  'fork-ts-checker-webpack-plugin@9',
  'typescript@6',
  '@types/node@20',
  'esbuild@0',
];

/** Loaded only when used, and absent from the app: left out of one-file bundles. */
const LAZY = ['@nestjs/microservices', '@nestjs/websockets', 'class-transformer', 'class-validator', '@nestjs/platform-fastify', '@nestjs/config', '@nestjs/schedule', 'prom-client'];

const MAIN = `import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManagementModule, ManagementServer } from 'nestjs-management-endpoints';

@Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] })
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const server = app.get(ManagementServer);
  if (!server.usesWorker) throw new Error('the probe worker does not serve the management port');
  // This thread waits, blocked, for another process's probe: only the worker can answer it.
  const probe = "fetch('" + server.url + "/z/health/liveness', { signal: AbortSignal.timeout(5000) }).then(async (r) => console.log(r.status + ' ' + (await r.text())))";
  const answer = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
  if (answer !== '200 {"status":"UP"}') throw new Error('liveness while the main thread was blocked: ' + answer);
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'commonjs',
    target: 'es2022',
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    rootDir: './src',
    outDir: './dist',
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
};

/** The Nest CLI's webpack options with every package inside, in one chunk. */
const ONE_FILE_WEBPACK = `const webpack = require('webpack');
module.exports = (options) => ({
  ...options,
  externals: [],
  plugins: [
    ...options.plugins,
    new webpack.IgnorePlugin({ resourceRegExp: new RegExp(${JSON.stringify(`^(${LAZY.join('|')})(/|$)`)}) }),
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
  ],
});
`;

/** Writes the app into `folder` (its packages installed), builds it each way and runs each build. */
export function runBundledCell(folder, elsewhere, seconds) {
  mkdirSync(join(folder, 'src'));
  writeFileSync(join(folder, 'src', 'main.ts'), MAIN);
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(folder, 'webpack.one-file.js'), ONE_FILE_WEBPACK);
  mkdirSync(elsewhere);
  const run = (what, command, args, cwd = folder) => {
    const started = performance.now();
    execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], timeout: 180_000 });
    console.log(`  ${what} (${seconds(started)})`);
  };
  const nest = join(folder, 'node_modules', '.bin', 'nest');
  const esbuild = join(folder, 'node_modules', '.bin', 'esbuild');

  run('nest build --webpack', nest, ['build', '--webpack']);
  run('  its dist/main.js: the probe worker answered liveness while the main thread was blocked', process.execPath, ['dist/main.js']);

  rmSync(join(folder, 'dist'), { recursive: true });
  run('nest build --webpack, every package in one file', nest, ['build', '--webpack', '--webpackPath', 'webpack.one-file.js']);
  copyFileSync(join(folder, 'dist', 'main.js'), join(elsewhere, 'webpack.js'));
  run('  run alone from another folder: the probe worker answered liveness while the main thread was blocked', process.execPath, ['webpack.js'], elsewhere);

  rmSync(join(folder, 'dist'), { recursive: true });
  run('tsc', join(folder, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);
  const external = LAZY.flatMap((name) => [`--external:${name}`, `--external:${name}/*`]);
  run('esbuild into one file', esbuild, ['dist/main.js', '--bundle', '--platform=node', '--target=node20', '--log-level=error', `--outfile=${join(elsewhere, 'esbuild.js')}`, ...external]);
  run('  run alone from another folder: the probe worker answered liveness while the main thread was blocked', process.execPath, ['esbuild.js'], elsewhere);
}
