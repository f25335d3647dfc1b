#!/usr/bin/env node
/**
 * The probe command: `nestjs-management-endpoints probe [target]` (the package's bin), or
 * `node node_modules/nestjs-management-endpoints/dist/esm/probe-command/probe.js [target]` where
 * there is no npx. Requests a management endpoint (by default `/z/health/readiness` on
 * 127.0.0.1:$MANAGEMENT_PORT) and exits 0 on HTTP 200, 1 otherwise with one line saying why, and 2
 * on bad arguments: a Docker HEALTHCHECK or Kubernetes exec probe for images without curl or wget.
 * Plain Node, no dependency and no Nest, so it starts in tens of milliseconds.
 */
import { parseProbeArguments, ProbeUsageError } from './probe-arguments.js';
import { probeMessages } from '../messages.js';
import { requestProbe } from './probe-request.js';

/** Exit statuses: Docker reads 0 as healthy and anything else as unhealthy. */
const HEALTHY = 0;
const UNHEALTHY = 1;
const USAGE = 2;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let invocation;
  try {
    invocation = parseProbeArguments(argv, env);
  } catch (error) {
    if (!(error instanceof ProbeUsageError)) throw error;
    process.stderr.write(`${probeMessages.usageError(error.message)}\n`);
    return USAGE;
  }
  if (invocation.help) {
    process.stdout.write(`${probeMessages.usage()}\n`);
    return HEALTHY;
  }
  const { url, timeoutMs } = invocation.settings;
  const outcome = await requestProbe(url, timeoutMs);
  if (outcome.healthy) return HEALTHY;
  process.stderr.write(`${probeMessages.failed(withoutPassword(url), outcome.reason)}\n`);
  return UNHEALTHY;
}

function withoutPassword(url: URL): string {
  if (!url.password) return url.href;
  const shown = new URL(url.href);
  shown.password = '***';
  return shown.href;
}

main(process.argv.slice(2), process.env).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = UNHEALTHY;
  },
);
