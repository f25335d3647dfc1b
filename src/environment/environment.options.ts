import { booleanOption, objectOption, sectionOption } from '../options/object-option.js';
import { ManagementConfigurationError, messages } from '../messages.js';

/** The built-in sections of /environment. */
export type EnvironmentSectionName = 'os' | 'runtime' | 'process' | 'config';

/** Options of /environment (`environment` in the module options). */
export interface EnvironmentOptions {
  /** Serve /environment at all. Default `false` (it answers 404). */
  enabled?: boolean;
  /** Switch built-in sections off, e.g. `{ process: false }`. Default: all on. */
  sections?: Partial<Record<EnvironmentSectionName, boolean>>;
  /**
   * The `config` section: an object or a function returning one. Default: the configuration held
   * by @nestjs/config's `ConfigService`, when the application has one.
   */
  config?: Record<string, unknown> | (() => unknown);
  /** The `custom` section: an object or a function returning one. Default none. */
  custom?: Record<string, unknown> | (() => unknown);
}

export interface ResolvedEnvironmentOptions {
  enabled: boolean;
  sections: Record<EnvironmentSectionName, boolean>;
  config: EnvironmentOptions['config'];
  custom: EnvironmentOptions['custom'];
}

const KNOWN = ['enabled', 'sections', 'config', 'custom'];
const SECTIONS: readonly EnvironmentSectionName[] = ['os', 'runtime', 'process', 'config'];

export function resolveEnvironmentOptions(value: unknown): ResolvedEnvironmentOptions {
  const options = sectionOption('environment', value, KNOWN) as EnvironmentOptions;
  const enabled = booleanOption('environment.enabled', options.enabled, false);
  const sections = objectOption('environment.sections', options.sections) as Record<string, unknown>;
  for (const [name, on] of Object.entries(sections)) {
    if (!SECTIONS.includes(name as EnvironmentSectionName) || typeof on !== 'boolean') {
      throw new ManagementConfigurationError(messages.invalidEnvironmentSection(name, SECTIONS));
    }
  }
  for (const key of ['config', 'custom'] as const) {
    const section = options[key];
    if (section !== undefined && typeof section !== 'function' && (typeof section !== 'object' || section === null)) {
      throw new ManagementConfigurationError(messages.invalidEnvironmentSource(key));
    }
  }
  return {
    enabled,
    sections: { os: true, runtime: true, process: true, config: true, ...(sections as Partial<Record<EnvironmentSectionName, boolean>>) },
    config: options.config,
    custom: options.custom,
  };
}
