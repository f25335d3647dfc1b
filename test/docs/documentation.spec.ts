import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchorsOf, codeBlocks, documentationFiles, linksOf, read } from '../support/markdown.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the examples are written to be compiled: inside the repository, so its node_modules resolve. */
const EXAMPLES = join(ROOT, '.doc-examples');
const TYPESCRIPT = new Set(['ts', 'typescript']);

describe('the documentation', () => {
  it("every TypeScript block compiles under the project's strict settings (blocks fenced `ts partial` are fragments, and skipped)", { timeout: 120_000 }, () => {
    rmSync(EXAMPLES, { recursive: true, force: true });
    mkdirSync(EXAMPLES, { recursive: true });
    const origins = new Map<string, { file: string; line: number }>();
    for (const file of documentationFiles(ROOT)) {
      for (const block of codeBlocks(file, read(ROOT, file))) {
        const [language, ...flags] = block.info.split(/\s+/);
        if (!TYPESCRIPT.has(language ?? '') || flags.includes('partial')) continue;
        const name = `${file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.ts`;
        // `export {}`: each block is a module of its own, as a file in an application would be.
        writeFileSync(join(EXAMPLES, name), `${block.code}\nexport {};\n`);
        origins.set(name, { file, line: block.line });
      }
    }
    assert.ok(origins.size > 0, 'the documentation has TypeScript examples');
    writeFileSync(
      join(EXAMPLES, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { noEmit: true, rootDir: '..', paths: { 'nestjs-management-endpoints': ['../src/index.ts'] } },
        include: ['*.ts'],
      }),
    );
    const compiled = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', EXAMPLES, '--pretty', 'false'], { encoding: 'utf8' });
    const errors = `${compiled.stdout}${compiled.stderr}`
      .split('\n')
      .filter((line) => line.includes('error TS'))
      .map((line) => {
        const at = /^(?:.*[\\/])?([^\\/(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
        const origin = at && origins.get(at[1]!);
        return origin ? `${origin.file}:${origin.line + Number(at[2])}: ${at[4]}` : line;
      });
    assert.deepEqual(errors, [], `documentation examples that do not compile:\n${errors.join('\n')}`);
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
  });

  it('every relative link points at a file that exists, and every anchor at a heading of it', () => {
    const broken: string[] = [];
    for (const file of documentationFiles(ROOT)) {
      const text = read(ROOT, file);
      for (const { target, line } of linksOf(text)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const linked = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
        if (!existsSync(join(ROOT, linked))) {
          broken.push(`${file}:${line}: ${target} (no file ${linked})`);
          continue;
        }
        if (anchor && linked.endsWith('.md') && !anchorsOf(read(ROOT, linked)).has(anchor)) broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${linked})`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
