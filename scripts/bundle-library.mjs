// Bundles the library's entry as tsc wrote it (dist/esm/index.js) into one file per module
// format (dist/esm/index.js, dist/cjs/index.js), packages left external, so that importing the library reads one file instead of
// about 130: most of an import's cost is per file (read, parse, resolve), not the work each does.
// The declaration files stay as tsc wrote them.
//
//   node scripts/bundle-library.mjs      (npm run build runs it after tsc)
import { fileURLToPath } from 'node:url';

const { build } = await import('esbuild').catch(() => {
  console.error('esbuild, a development dependency, is not installed: run npm ci (or npm install).');
  process.exit(1);
});

const root = fileURLToPath(new URL('..', import.meta.url));
for (const format of ['esm', 'cjs']) {
  // Both from the ES module output: esbuild then emits one flat scope, without a wrapper per file.
  await build({
    absWorkingDir: root,
    entryPoints: [`${root}dist/esm/index.js`],
    outfile: `${root}dist/${format}/index.js`,
    allowOverwrite: true,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format,
    target: 'node20',
    // Class names show in messages and in what a guard authorizer sees as getClass().
    keepNames: true,
    logLevel: 'error',
  });
}
