/** What a scrubbed secret shows instead of its value. */
export const SCRUBBED = '******';

const SECRET_NAME = /key|token|pass|secret|credential|auth|private|session/i;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)([^\s@/?#]*)@/gi;
const MAX_DEPTH = 12;

/** Whether a variable, option or key name says its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Hides the password of every URL in `text`: `postgres://user:******@host/db`. */
export function scrubUrls(text: string): string {
  return text.includes('://') ? text.replace(URL_PASSWORD, `$1${SCRUBBED}@`) : text;
}

/**
 * A copy of `value` safe to show: values under secret-looking keys become `******`, URL
 * passwords in any string are hidden, functions are dropped, cycles and depth are cut off.
 */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubUrls(value);
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

/** Environment variables with secret-looking names hidden and URL passwords scrubbed. */
export function scrubEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  const scrubbed: Record<string, string> = {};
  for (const name of Object.keys(environment).sort()) {
    const value = environment[name] ?? '';
    scrubbed[name] = isSecretName(name) && value !== '' ? SCRUBBED : scrubUrls(value);
  }
  return scrubbed;
}

/**
 * Command-line arguments with secrets hidden: `--db-password=x` and `--token x` lose their
 * values, and URL passwords are scrubbed anywhere.
 */
export function scrubArguments(argv: readonly string[]): string[] {
  const scrubbed: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const option = /^(--?[^=\s]+)=(.*)$/s.exec(argument);
    if (option && isSecretName(option[1]!)) {
      scrubbed.push(`${option[1]}=${SCRUBBED}`);
      continue;
    }
    scrubbed.push(scrubUrls(argument));
    const next = argv[index + 1];
    if (/^--?[A-Za-z]/.test(argument) && !argument.includes('=') && isSecretName(argument) && next !== undefined && !next.startsWith('-')) {
      scrubbed.push(SCRUBBED);
      index++;
    }
  }
  return scrubbed;
}

function entries(value: object): [string, unknown][] {
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => [String(key), item]);
  try {
    return Object.entries(value);
  } catch {
    return [];
  }
}
