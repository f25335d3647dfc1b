import type { OptInEndpoint } from '../http/endpoint-gates.js';
import { booleanOption, sectionOption } from '../options/object-option.js';

/** The diagnostic endpoints, by their path under the base path (Spring Boot Actuator's ids). */
export const DIAGNOSTIC_ENDPOINTS = ['heapdump', 'profile', 'report', 'mappings', 'beans', 'scheduledtasks', 'configprops', 'startup'] as const;

export type DiagnosticEndpointName = (typeof DIAGNOSTIC_ENDPOINTS)[number];

/**
 * The diagnostic endpoints (`diagnostics` in the module options), each off unless set to `true`.
 * They hand out the inside of the process, so every one of them needs the `authorizer` to say
 * yes (an address on `access.allow` is not enough) and refuses cross-site browser requests.
 * See docs/operations.md, "Looking inside a live process".
 */
export interface DiagnosticsOptions {
  /** GET /heapdump: a V8 heap snapshot. It holds every secret in memory. Default `false`. */
  heapdump?: boolean;
  /** GET /profile?seconds=N: a CPU (or `type=heap` sampling heap) profile. Default `false`. */
  profile?: boolean;
  /** GET /report: Node's diagnostic report (stacks, handles, resource usage), scrubbed. Default `false`. */
  report?: boolean;
  /** GET /mappings: every route of the application. Default `false`. */
  mappings?: boolean;
  /** GET /beans: Nest's modules, providers and controllers. Default `false`. */
  beans?: boolean;
  /** GET /scheduledtasks: the @nestjs/schedule jobs. Default `false`. */
  scheduledtasks?: boolean;
  /** GET /configprops: the application's @nestjs/config values, scrubbed. Default `false`. */
  configprops?: boolean;
  /** GET /startup: how long bootstrap took. Default `false`. */
  startup?: boolean;
}

export type ResolvedDiagnosticsOptions = Readonly<Record<DiagnosticEndpointName, boolean>>;

export function resolveDiagnosticsOptions(value: unknown): ResolvedDiagnosticsOptions {
  const options = sectionOption('diagnostics', value, DIAGNOSTIC_ENDPOINTS) as DiagnosticsOptions;
  const resolved = {} as Record<DiagnosticEndpointName, boolean>;
  for (const name of DIAGNOSTIC_ENDPOINTS) resolved[name] = booleanOption(`diagnostics.${name}`, options[name], false);
  return resolved;
}

/** Whether any diagnostic endpoint is on. */
export function anyDiagnostics(options: ResolvedDiagnosticsOptions): boolean {
  return DIAGNOSTIC_ENDPOINTS.some((name) => options[name]);
}

/** A diagnostic endpoint as its gates see it: its path, the option that turns it on, and whether it is on. */
export function diagnosticEndpoint(options: ResolvedDiagnosticsOptions, name: DiagnosticEndpointName): OptInEndpoint {
  return { path: `/${name}`, option: `diagnostics.${name}`, enabled: options[name] };
}
