import type { BenchSettings, Section } from './scenario.js';

/** A section as Markdown: heading, target, table, notes. */
export function sectionMarkdown(section: Section): string {
  const lines = [`### ${section.title}`, '', `Target: ${section.target}.`, '', tableRow(section.headers)];
  lines.push(tableRow(section.headers.map(() => '---')));
  for (const row of section.rows) lines.push(tableRow(row));
  for (const note of section.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export interface RunDescription {
  command: string;
  environment: [string, string][];
  settings: BenchSettings;
  date: Date;
  minutes: number;
}

/** The whole of bench/RESULTS.md. */
export function resultsMarkdown(run: RunDescription, sections: Section[]): string {
  const { settings } = run;
  return [
    '# Benchmark results',
    '',
    `Produced by \`${run.command}\` on ${run.date.toISOString().slice(0, 10)} in ${run.minutes.toFixed(1)} minutes.`,
    'Each app under test runs in a child process of its own (`node --expose-gc`), driven over loopback by',
    'autocannon from the parent. Contenders alternate within each round (A B C, then C B A); figures are',
    `medians of ${settings.rounds} rounds of ${settings.seconds} s at ${settings.connections} connections, after ${settings.warmupSeconds} s`,
    'of warm-up. Absolute numbers on a shared machine are noise; read the ratios. To see where time goes, add',
    '`-- --profile` (CPU profiles of every server in `.bench-profiles/`) and run `node build/bench/profile-summary.js FILE`.',
    '',
    '| | |',
    '| --- | --- |',
    ...run.environment.map(([key, value]) => `| ${key} | ${value} |`),
    '',
    'Contenders: `bare` is a plain Nest route returning the same JSON (the baseline); `module` is this',
    'library; `terminus` is @nestjs/terminus 12 doing the same job, `terminus-cached` the same with `.cacheFor()`.',
    '',
    ...sections.map((section) => `${sectionMarkdown(section)}\n`),
  ].join('\n');
}
