import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, hostname, platform, release, type, version } from 'node:os';
import { scrubArguments } from '../secrets/secret-scrubber.js';

/** Node's `os.arch()` in OpenTelemetry's `host.arch` vocabulary. */
const HOST_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: 'x86', arm: 'arm32', ppc64: 'ppc64', s390x: 's390x' };
/** Node's `process.platform` in OpenTelemetry's `os.type` vocabulary. */
const OS_TYPE: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris', aix: 'aix' };

export interface TraceAttributeSources {
  serviceName?: string;
  serviceVersion?: string;
  serviceInstanceId: boolean;
  environment?: NodeJS.ProcessEnv;
  /** Reads a small system file, or undefined; replaceable so tests need not touch /etc or /proc. */
  readFile?: (path: string) => string | undefined;
}

/**
 * OpenTelemetry resource attributes describing this process, its host and, when present, its
 * container and Kubernetes pod. `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` override.
 * Computed once: none of it changes while the process runs.
 */
export function traceAttributes(sources: TraceAttributeSources): Record<string, string | number> {
  const environment = sources.environment ?? process.env;
  const read = sources.readFile ?? readSmallFile;
  const attributes: Record<string, string | number> = {};
  const serviceName = environment.OTEL_SERVICE_NAME || sources.serviceName;
  if (serviceName) attributes['service.name'] = serviceName;
  if (sources.serviceVersion) attributes['service.version'] = sources.serviceVersion;
  const host = hostname();
  const machineId = read('/etc/machine-id')?.trim();
  if (sources.serviceInstanceId) attributes['service.instance.id'] = stableId(`${machineId || host}/${serviceName ?? ''}`);
  attributes['host.arch'] = HOST_ARCH[arch()] ?? arch();
  attributes['host.name'] = host;
  attributes['host.hostname'] = host;
  if (machineId) attributes['host.id'] = applicationSpecificId(machineId, serviceName ?? '');
  attributes['os.type'] = OS_TYPE[platform()] ?? platform();
  attributes['os.description'] = `${type()} ${release()} ${version()}`.trim();
  attributes['process.pid'] = process.pid;
  attributes['process.executable.path'] = process.execPath;
  attributes['process.command_line'] = scrubArguments([process.argv0, ...process.execArgv, ...process.argv.slice(1)]).join(' ');
  attributes['process.runtime.name'] = 'nodejs';
  attributes['process.runtime.version'] = process.versions.node;
  attributes['process.runtime.description'] = 'Node.js';
  const containerId = containerIdFrom(read('/proc/1/cpuset'));
  if (containerId) attributes['container.id'] = containerId;
  Object.assign(attributes, kubernetesAttributes(environment));
  return Object.assign(attributes, parseResourceAttributes(environment.OTEL_RESOURCE_ATTRIBUTES));
}

/**
 * The attributes anyone may read: `service.*` names the service, not the machine or process it
 * runs as; the rest (host, os, process, container, k8s) is shown only where details are allowed.
 */
export function publicTraceAttributes(attributes: Readonly<Record<string, string | number>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key.startsWith('service.')));
}

/**
 * machine-id(5): the machine id must not be exposed on the network; a stable id tied to the
 * machine is the id hashed with a keyed hash and an application-specific key. So `host.id` is
 * the first 32 hex digits of HMAC-SHA256(key = service name, message = machine id): stable per
 * host and service, different between services, and not reversible.
 */
export function applicationSpecificId(machineId: string, application: string): string {
  return createHmac('sha256', application).update(machineId).digest('hex').slice(0, 32);
}

/** The container id at the end of a cgroup path such as `/docker/<64 hex>` or `/kubepods/.../<id>`. */
export function containerIdFrom(cpuset: string | undefined): string | undefined {
  const last = cpuset?.trim().split('/').pop() ?? '';
  const match = /([0-9a-f]{64})(?:\.scope)?$/.exec(last);
  return match?.[1];
}

function kubernetesAttributes(environment: NodeJS.ProcessEnv): Record<string, string> {
  if (!environment.KUBERNETES_SERVICE_HOST && !environment.NAMESPACE) return {};
  const attributes: Record<string, string> = {};
  if (environment.HOSTNAME) attributes['k8s.pod.name'] = environment.HOSTNAME;
  const container = environment.CONTAINER_NAME || environment.K8S_CONTAINER_NAME;
  if (container) attributes['k8s.container.name'] = container;
  if (environment.NAMESPACE) attributes['k8s.namespace.name'] = environment.NAMESPACE;
  return attributes;
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `key1=value1,key2=value2`, values percent-decoded. */
export function parseResourceAttributes(value: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    try {
      attributes[decodeURIComponent(pair.slice(0, separator).trim())] = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      continue;
    }
  }
  return attributes;
}

/** A UUID-shaped id derived from `seed`: the same on every start on the same host. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
}
