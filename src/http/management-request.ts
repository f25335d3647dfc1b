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
