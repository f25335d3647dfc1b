/** Every text the probe command prints, in one place. */
export const probeMessages = {
  usage: () =>
    [
      'Usage: nestjs-management-endpoints probe [target] [--timeout <ms>]',
      '       node <path>/dist/esm/probe-command/probe.js [target] [--timeout <ms>]',
      '',
      'Requests a management endpoint once and exits 0 only if it answers HTTP 200.',
      'Made for Docker HEALTHCHECK and Kubernetes exec probes in images without curl.',
      '',
      'target (default: readiness)',
      '  a health group   liveness, readiness, startup, ...  ->  <base path>/health/<group>',
      '  a path           /z/health/liveness                 ->  on the host and port below',
      '  a URL            http://127.0.0.1:9000/z/health',
      '',
      'Options',
      '  --timeout <ms>   give up after this many milliseconds (default 800)',
      '  -h, --help       print this help',
      '',
      'Environment',
      '  MANAGEMENT_PORT       port of the management endpoints; else PORT; else 3000',
      '  MANAGEMENT_HOST       host to call (default 127.0.0.1)',
      '  MANAGEMENT_BASE_PATH  base path of the endpoints (default /z)',
      '',
      'Exit status: 0 HTTP 200; 1 any other answer, a timeout or no connection (one line on',
      'stderr names the URL and the reason); 2 bad arguments or environment.',
    ].join('\n'),
  usageError: (problem: string) => `probe: ${problem} (run with --help for usage)`,
  failed: (url: string, reason: string) => `probe failed: ${url} ${reason}`,

  unknownOption: (option: string) => `unknown option '${option}'`,
  extraArgument: (argument: string) => `only one target may be given, got another: '${argument}'`,
  missingValue: (option: string) => `option '${option}' needs a value`,
  invalidTimeout: (value: string) =>
    `--timeout must be a whole number of milliseconds > 0 and at most 2147483647, got '${value}'`,
  invalidPort: (variable: string, value: string) =>
    `${variable} must be a port number from 1 to 65535, got '${value}'`,
  invalidBasePath: (value: string) =>
    `MANAGEMENT_BASE_PATH must be a path such as '/z' or '/management' (a leading '/', letters, digits, ` +
    `'-', '_', '.', '/'), got '${value}'`,
  invalidHost: (value: string) => `MANAGEMENT_HOST must be a host name or an IP address, got '${value}'`,
  invalidTarget: (value: string) =>
    `'${value}' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`,
  unsupportedScheme: (value: string) => `'${value}' is not an http or https URL`,

  answered: (status: number, statusText: string | undefined, healthStatus: string | undefined) =>
    `answered ${status}${statusText ? ` ${statusText}` : ''}${healthStatus ? ` (status ${healthStatus})` : ''}, expected 200`,
  timedOut: (timeoutMs: number) => `did not answer within ${timeoutMs} ms`,
  refused: () => 'refused the connection (nothing listens there)',
  hostNotFound: (code: string) => `names a host that was not found (${code})`,
  closed: (code: string) => `closed the connection without an answer (${code})`,
  requestFailed: (reason: string) => `could not be requested: ${reason}`,
};
