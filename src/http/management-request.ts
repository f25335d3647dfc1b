const mountedBasePaths = new Set<string>();

/** Records a base path the module serves, so `isManagementRequest()` recognises it. */
export function rememberBasePath(basePath: string): void {
  mountedBasePaths.add(basePath);
}

/**
 * Whether `request` (Express, Fastify, or Node's IncomingMessage) is for a management endpoint:
 * its path is `basePath` or below it. Without `basePath`, every base path a `ManagementModule`
 * in this process serves counts. Use it to keep probes out of access logs, e.g. pino-http's
 * `autoLogging: { ignore: isManagementRequest }` or morgan's `skip: (req) => isManagementRequest(req)`.
 */
export function isManagementRequest(request: unknown, basePath?: string): boolean {
  const { originalUrl, url } = (request ?? {}) as { originalUrl?: unknown; url?: unknown };
  const target = typeof originalUrl === 'string' ? originalUrl : url;
  if (typeof target !== 'string') return false;
  const path = target.split('?', 1)[0]!;
  const bases = basePath === undefined ? mountedBasePaths : [basePath];
  for (const base of bases) {
    if (path === base || path.startsWith(`${base}/`)) return true;
  }
  return false;
}

/** The door a management request came in by: the application's own port, or the management port. */
export type Door = 'application' | 'management';

const DOOR = Symbol.for('nestjs-management-endpoints:door');

/** Records on `request` the door it came in by, for answers that differ between doors (readiness). */
export function markDoor(request: unknown, door: Door): void {
  if (typeof request === 'object' && request !== null) (request as Record<symbol, Door>)[DOOR] = door;
}

/** The door `request` came in by; 'application' when nothing says otherwise. */
export function doorOf(request: unknown): Door {
  return (request as Record<symbol, Door | undefined> | undefined)?.[DOOR] ?? 'application';
}

/**
 * The path of `url` below `mount` (`'health/db'` for `/z/health/db?x` under `/z`, `''` for the
 * mount itself), or undefined when `url` is not under it.
 */
export function pathBelow(url: string, mount: string): string | undefined {
  // An absolute-form target (`GET http://host/z/health`, as sent to a proxy) is read by its path.
  if (url.charCodeAt(0) !== 47 && URL.canParse(url)) url = new URL(url).pathname;
  if (!url.startsWith(mount)) return undefined;
  const rest = url.length === mount.length ? '' : url.slice(mount.length);
  const next = rest.charCodeAt(0);
  // '/' or '?' or the end: a segment boundary, so '/zz' is not under '/z'.
  if (rest !== '' && next !== 47 && next !== 63) return undefined;
  const query = rest.indexOf('?');
  return (query === -1 ? rest : rest.slice(0, query)).replace(/^\/+/, '');
}
