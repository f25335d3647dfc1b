import { hostname } from 'node:os';

/**
 * A file name that says whose process a dump comes from and when, safe in a Content-Disposition
 * header and on any file system: `orders-api_orders-api-7d9f-x2k_20261203T142501Z.heapsnapshot`
 * (service, instance as the host name, which in Kubernetes is the pod's name, then the UTC time).
 */
export function dumpFileName(service: string | undefined, extension: string, at = new Date()): string {
  const time = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${safe(service ?? 'application')}_${safe(hostname())}_${time}.${extension}`;
}

/** The headers of a dump offered as a download named by `dumpFileName`. */
export function downloadHeaders(service: string | undefined, extension: string, contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${dumpFileName(service, extension)}"`,
    'X-Content-Type-Options': 'nosniff',
  };
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'unnamed';
}
