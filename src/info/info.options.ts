import { ManagementConfigurationError, messages } from '../messages.js';
import { objectOption, sectionOption } from '../options/object-option.js';

/** A function that returns one /info section (an object), possibly asynchronously. */
export type InfoSectionFactory = () => unknown;

/** Options of /info (`info` in the module options). */
export interface InfoOptions {
  /** Path of the application's package.json. Default: the nearest one above the entry script, else the working directory's. */
  packageJson?: string;
  /**
   * Path of build-time git information: Spring's `git.properties` format or JSON
   * `{ branch, commit: { id, time } }`. Default: `git.properties`, then `git.json`, beside the package.json.
   */
  gitFile?: string;
  /** Add `service.instance.id` (stable for the life of the host) to `trace.attributes`. Default `false`. */
  serviceInstanceId?: boolean;
  /** Extra sections by name, beside `@InfoContributor` providers. Default none. */
  contributors?: Readonly<Record<string, InfoSectionFactory>>;
}

export interface ResolvedInfoOptions {
  packageJson: string | undefined;
  gitFile: string | undefined;
  serviceInstanceId: boolean;
  contributors: Readonly<Record<string, InfoSectionFactory>>;
}

const KNOWN = ['packageJson', 'gitFile', 'serviceInstanceId', 'contributors'];

export function resolveInfoOptions(value: unknown): ResolvedInfoOptions {
  const options = sectionOption('info', value, KNOWN) as InfoOptions;
  for (const key of ['packageJson', 'gitFile'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      throw new ManagementConfigurationError(messages.invalidFilePath(`info.${key}`));
    }
  }
  if (options.serviceInstanceId !== undefined && typeof options.serviceInstanceId !== 'boolean') {
    throw new ManagementConfigurationError(messages.invalidBoolean('info.serviceInstanceId'));
  }
  const contributors = objectOption('info.contributors', options.contributors) as Record<string, unknown>;
  for (const [name, factory] of Object.entries(contributors)) {
    if (typeof factory !== 'function') {
      throw new ManagementConfigurationError(messages.invalidContributorOption(name));
    }
  }
  return {
    packageJson: options.packageJson,
    gitFile: options.gitFile,
    serviceInstanceId: options.serviceInstanceId ?? false,
    contributors: contributors as Record<string, InfoSectionFactory>,
  };
}
