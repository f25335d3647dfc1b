import { probeMessages } from '../messages.js';

/** Default `--timeout`: under Kubernetes' 1 s probe timeout, which also has to cover starting node. */
export const DEFAULT_PROBE_TIMEOUT_MS = 800;
/** Port called when neither MANAGEMENT_PORT nor PORT is set: Nest's conventional 3000. */
export const DEFAULT_PROBE_PORT = 3000;
/** Host called unless MANAGEMENT_HOST says otherwise; an address, so `localhost` cannot resolve to ::1. */
export const DEFAULT_PROBE_HOST = '127.0.0.1';
/** Base path unless MANAGEMENT_BASE_PATH says otherwise: the module's default. */
export const DEFAULT_PROBE_BASE_PATH = '/z';
/** Health group probed when no target is given. */
export const DEFAULT_PROBE_GROUP = 'readiness';

/** What to request and how long to wait for it. */
export interface ProbeSettings {
  readonly url: URL;
  readonly timeoutMs: number;
}

/** What the command line asks for: help, or a probe. */
export type ProbeInvocation = { readonly help: true } | { readonly help: false; readonly settings: ProbeSettings };

/** Bad arguments or environment: printed as one line, exit status 2. */
export class ProbeUsageError extends Error {}

const GROUP = /^[A-Za-z0-9_.-]+$/;
const BASE_PATH = /^\/[A-Za-z0-9\-_./]*$/;
/** A `.` or `..` segment, which a URL resolves away, or an empty one (`//z` would name a host). */
const ODD_SEGMENT = /\/\/|(^|\/)\.{1,2}(\/|$)/;
const WHOLE_NUMBER = /^\d+$/;

/**
 * Reads `[probe] [target] [--timeout <ms>] [--help]` and the environment (MANAGEMENT_PORT, else
 * PORT, else 3000; MANAGEMENT_HOST; MANAGEMENT_BASE_PATH). The leading word `probe` is optional so
 * that the package's bin and the file run by `node` take the same arguments.
 */
export function parseProbeArguments(argv: readonly string[], env: NodeJS.ProcessEnv): ProbeInvocation {
  const words = argv[0] === 'probe' ? argv.slice(1) : [...argv];
  let target: string | undefined;
  let timeoutMs = DEFAULT_PROBE_TIMEOUT_MS;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (word === '--help' || word === '-h') return { help: true };
    if (word === '--timeout' || word.startsWith('--timeout=')) {
      const value = word === '--timeout' ? words[(index += 1)] : word.slice('--timeout='.length);
      if (value === undefined) throw new ProbeUsageError(probeMessages.missingValue('--timeout'));
      timeoutMs = parseTimeout(value);
    } else if (word.startsWith('-')) {
      throw new ProbeUsageError(probeMessages.unknownOption(word));
    } else if (target !== undefined) {
      throw new ProbeUsageError(probeMessages.extraArgument(word));
    } else {
      target = word;
    }
  }
  return { help: false, settings: { url: targetUrl(target, env), timeoutMs } };
}

function parseTimeout(value: string): number {
  const timeoutMs = Number(value);
  if (!WHOLE_NUMBER.test(value) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new ProbeUsageError(probeMessages.invalidTimeout(value));
  }
  return timeoutMs;
}

function targetUrl(target: string | undefined, env: NodeJS.ProcessEnv): URL {
  if (target === undefined || (GROUP.test(target) && !ODD_SEGMENT.test(target))) {
    return new URL(`${basePath(env)}/health/${target ?? DEFAULT_PROBE_GROUP}`, origin(env));
  }
  if (target.startsWith('/')) return pathUrl(target, env);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return absoluteUrl(target);
  throw new ProbeUsageError(probeMessages.invalidTarget(target));
}

/** A path on the management server, taken as written: a URL would resolve `..` away or read `//x` as a host. */
function pathUrl(target: string, env: NodeJS.ProcessEnv): URL {
  const path = target.split(/[?#]/, 1)[0]!;
  if (ODD_SEGMENT.test(decodeDots(path))) throw new ProbeUsageError(probeMessages.oddPath(target));
  return new URL(target, origin(env));
}

/** `%2e` is a dot to a URL parser too. */
function decodeDots(path: string): string {
  return path.replace(/%2e/gi, '.');
}

function absoluteUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ProbeUsageError(probeMessages.invalidTarget(target));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProbeUsageError(probeMessages.unsupportedScheme(target));
  }
  return url;
}

function origin(env: NodeJS.ProcessEnv): string {
  const host = nonEmpty(env.MANAGEMENT_HOST) ?? DEFAULT_PROBE_HOST;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const origin = `http://${bracketed}:${port(env)}`;
  if (!URL.canParse(origin) || /[\s/?#@]/.test(host)) throw new ProbeUsageError(probeMessages.invalidHost(host));
  return origin;
}

function port(env: NodeJS.ProcessEnv): number {
  const [variable, value] = nonEmpty(env.MANAGEMENT_PORT) !== undefined
    ? ['MANAGEMENT_PORT', env.MANAGEMENT_PORT!.trim()]
    : ['PORT', nonEmpty(env.PORT)];
  if (value === undefined) return DEFAULT_PROBE_PORT;
  const number = Number(value);
  if (!WHOLE_NUMBER.test(value) || number < 1 || number > 65_535) {
    throw new ProbeUsageError(probeMessages.invalidPort(variable, value));
  }
  return number;
}

function basePath(env: NodeJS.ProcessEnv): string {
  const value = nonEmpty(env.MANAGEMENT_BASE_PATH) ?? DEFAULT_PROBE_BASE_PATH;
  const trimmed = value.replace(/\/+$/, '');
  if (!BASE_PATH.test(value) || ODD_SEGMENT.test(trimmed)) throw new ProbeUsageError(probeMessages.invalidBasePath(value));
  return trimmed;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
