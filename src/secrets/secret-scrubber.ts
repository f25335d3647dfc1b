import { isSecretName } from './secret-name.js';
import { SCRUBBED, scrubPairs, scrubUrls } from './secret-text.js';

export { isSecretName } from './secret-name.js';
export { SCRUBBED, scrubUrls } from './secret-text.js';

const MAX_DEPTH = 12;

/** The shell's working directories: named like `DB_PWD`, but their values are paths. */
const SHELL_DIRECTORIES = new Set(['PWD', 'OLDPWD']);

/**
 * Free text safe to show: URL passwords and secret-named pairs (`password=x`, `?token=x`,
 * `Server=h;Password=x`, `"apiKey": "x"`) hidden. A text that is JSON is scrubbed as a value
 * and written back as JSON, so `{"db":{"password":"x"}}` keeps its shape.
 */
export function scrubText(text: string): string {
  const json = parseJsonLike(text);
  if (json !== undefined) return scrubJson(text, json);
  return scrubPairs(scrubUrls(text));
}

/**
 * A copy of `value` safe to show: values under secret-looking keys become `******`, every
 * string is scrubbed as text, functions are dropped, cycles and depth are cut off.
 */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries(value)) {
    copy[key] = isSecretName(key) && item !== undefined && item !== null && item !== '' ? SCRUBBED : scrubValue(item, depth + 1, seen);
  }
  seen.delete(value);
  return copy;
}

/** Environment variables with secret-looking names hidden and every other value scrubbed as text. */
export function scrubEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  const scrubbed: Record<string, string> = {};
  for (const name of Object.keys(environment).sort()) {
    const value = environment[name] ?? '';
    const secret = isSecretName(name) && !SHELL_DIRECTORIES.has(name);
    scrubbed[name] = secret && value !== '' ? SCRUBBED : scrubText(value);
  }
  return scrubbed;
}

/**
 * Command-line arguments with secrets hidden: `--db-password=x`, `DB_PASSWORD=x` and
 * `--token x` lose their values, every argument is scrubbed as text, and so is `-p`'s value
 * (`-p x`, `-px`): a password to mysql, sshpass or docker login, a port to others, and the
 * argument alone cannot tell which, so it is hidden either way. `-P`, `--port` and bundles such
 * as `-vp` are left alone.
 */
export function scrubArguments(argv: readonly string[]): string[] {
  const scrubbed: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    scrubbed.push(scrubArgument(argument));
    const next = argv[index + 1];
    if (takesSecretValue(argument) && next !== undefined && !next.startsWith('-')) {
      scrubbed.push(SCRUBBED);
      index++;
    }
  }
  return scrubbed;
}

function scrubArgument(argument: string): string {
  // One argument is one value, blanks included: `--password=two words` hides both.
  const assignment = /^(-{0,2}[A-Za-z_][\w.-]*)=(.+)$/s.exec(argument);
  if (assignment && isSecretName(assignment[1]!)) return `${assignment[1]}=${SCRUBBED}`;
  if (argument.startsWith('-p') && argument.length > 2 && argument[2] !== '-') return `-p${SCRUBBED}`;
  return scrubText(argument);
}

function takesSecretValue(argument: string): boolean {
  if (argument === '-p') return true;
  return /^--?[A-Za-z]/.test(argument) && !argument.includes('=') && isSecretName(argument);
}

/** Only texts shaped like a JSON object or array are parsed; anything else is not JSON here. */
function parseJsonLike(text: string): unknown {
  const trimmed = text.trim();
  const shaped = (trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'));
  if (!shaped) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

function scrubJson(text: string, json: unknown): string {
  const original = JSON.stringify(json);
  const scrubbed = JSON.stringify(scrubValue(json));
  // Nothing hidden: keep the text as written, whitespace and all.
  return scrubbed === original ? text : scrubbed;
}

function entries(value: object): [string, unknown][] {
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => [String(key), item]);
  try {
    return Object.entries(value);
  } catch {
    return [];
  }
}
