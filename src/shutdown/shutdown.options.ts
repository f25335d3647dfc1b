import { booleanOption, sectionOption } from '../options/object-option.js';

/** Options of POST /shutdown (`shutdown` in the module options). */
export interface ShutdownOptions {
  /** Serve POST /shutdown at all. Default `false` (it answers 404). */
  enabled?: boolean;
}

export interface ResolvedShutdownOptions {
  enabled: boolean;
}

const KNOWN = ['enabled'];

export function resolveShutdownOptions(value: unknown): ResolvedShutdownOptions {
  const options = sectionOption('shutdown', value, KNOWN) as ShutdownOptions;
  return { enabled: booleanOption('shutdown.enabled', options.enabled, false) };
}
