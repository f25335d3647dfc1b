import { ManagementConfigurationError, messages } from '../messages.js';
import { objectOption } from '../options/object-option.js';

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
  const options = objectOption('shutdown', value) as ShutdownOptions;
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new ManagementConfigurationError(messages.unknownNestedOption('shutdown', key, KNOWN));
  }
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new ManagementConfigurationError(messages.invalidBoolean('shutdown.enabled'));
  }
  return { enabled: options.enabled ?? false };
}
