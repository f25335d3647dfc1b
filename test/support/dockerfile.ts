import { readFileSync } from 'node:fs';

/** One build stage of a Dockerfile: what a test needs to know of it. */
export interface DockerStage {
  readonly from: string;
  /** ENV of this stage (KEY=value pairs; the form the examples use). */
  readonly env: Record<string, string>;
  readonly expose: number[];
  /** COPY sources without `--from` (paths in the build context). */
  readonly copiedFromContext: string[];
  /** HEALTHCHECK options (`--timeout=3s` -> timeout: '3s') and its exec-form command. */
  readonly healthcheck?: { readonly options: Record<string, string>; readonly command: string[] };
  /** CMD in exec form. */
  readonly cmd?: string[];
}

/**
 * Reads the instructions of a Dockerfile into its stages: continuation lines joined, comments
 * dropped. Exec forms must be JSON arrays (the only form an image without a shell can run);
 * anything else throws, naming the line.
 */
export function readDockerfile(path: string): DockerStage[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [, instruction = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const stage = stages.at(-1);
    if (instruction.toUpperCase() === 'FROM') {
      stages.push({ from: rest, env: {}, expose: [], copiedFromContext: [] });
      continue;
    }
    if (!stage) throw new Error(`${path}: '${line}' comes before any FROM`);
    switch (instruction.toUpperCase()) {
      case 'ENV':
        for (const pair of rest.split(/\s+/)) {
          const [key, value] = pair.split('=', 2);
          if (value === undefined) throw new Error(`${path}: ENV '${pair}' is not KEY=value`);
          stage.env[key!] = value;
        }
        break;
      case 'EXPOSE':
        stage.expose.push(...rest.split(/\s+/).map((port) => Number.parseInt(port, 10)));
        break;
      case 'COPY':
        if (!rest.startsWith('--from')) stage.copiedFromContext.push(...rest.split(/\s+/).slice(0, -1));
        break;
      case 'HEALTHCHECK': {
        const [, options = '', command = ''] = /^((?:--\S+\s+)*)CMD\s+(.*)$/.exec(rest) ?? [];
        Object.assign(stage, {
          healthcheck: {
            options: Object.fromEntries(options.trim().split(/\s+/).filter(Boolean).map((option) => option.replace(/^--/, '').split('=', 2))),
            command: execForm(path, line, command),
          },
        });
        break;
      }
      case 'CMD':
        Object.assign(stage, { cmd: execForm(path, line, rest) });
        break;
    }
  }
  return stages;
}

function execForm(path: string, line: string, text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((word) => typeof word === 'string')) return parsed as string[];
  } catch {
    // reported below
  }
  throw new Error(`${path}: '${line}' is not in exec form (a JSON array of strings)`);
}

/** Milliseconds of a duration in Docker's notation ('3s', '1m30s', '500ms'). */
export function dockerDurationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_match, amount: string, unit: string) => {
    total += Number(amount) * units[unit]!;
    return '';
  });
  if (rest !== '' || text === '') throw new Error(`'${text}' is not a Docker duration`);
  return total;
}
