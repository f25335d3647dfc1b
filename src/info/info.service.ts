import { Inject, Injectable, Logger } from '@nestjs/common';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { scrubValue } from '../secrets/secret-scrubber.js';
import { withTimeout } from '../timing/with-timeout.js';
import { readApplicationPackage } from './application-package.js';
import { readGitInfo } from './git-info.js';
import { InfoRegistry } from './info.registry.js';
import { publicTraceAttributes, traceAttributes } from './trace-attributes.js';

/** What a failed contributor's section shows; the reason goes to the log, not to the public. */
export const FAILED_SECTION = Object.freeze({ error: messages.contributorFailedBody() });

/** The built-in sections twice: for everyone, and with the host and process attributes. */
interface BuiltInSections {
  readonly public: Record<string, unknown>;
  readonly detailed: Record<string, unknown>;
}

/**
 * Builds the /info document: `app`, `build`, `git` and `trace.attributes` (worked out once, at
 * the first request, in a public and a detailed version), then every contributed section, each
 * run concurrently under the module's timeout. A contributor that throws, rejects or hangs is
 * reported in its own section only.
 */
@Injectable()
export class InfoService {
  private readonly logger = new Logger('ManagementModule');
  private builtIn?: BuiltInSections;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly registry: InfoRegistry,
  ) {}

  /**
   * The /info document; `details` (possibly still being decided, so that the authorizer and the
   * contributors run at the same time) adds the identifying host and process attributes.
   */
  async collect(details: boolean | Promise<boolean> = false): Promise<Record<string, unknown>> {
    const contributions = Promise.all(this.registry.entries().map(([name, factory]) => this.contribution(name, factory)));
    const [shown, sections] = await Promise.all([details, contributions]);
    this.builtIn ??= this.readBuiltInSections();
    const info: Record<string, unknown> = { ...(shown ? this.builtIn.detailed : this.builtIn.public) };
    for (const [name, section] of sections) info[name] = section;
    return info;
  }

  private async contribution(name: string, factory: () => unknown): Promise<[string, unknown]> {
    try {
      const section = await withTimeout(Promise.resolve().then(factory), this.options.timeout);
      if (section === undefined) throw new Error(messages.contributorTimedOut(this.options.timeout));
      return [name, scrubValue(section)];
    } catch (error) {
      if (!this.options.noLog) this.logger.warn(messages.contributorFailed(name, error instanceof Error ? error.message : String(error)));
      return [name, FAILED_SECTION];
    }
  }

  private readBuiltInSections(): BuiltInSections {
    const { info } = this.options;
    const application = readApplicationPackage(info.packageJson);
    const sections: Record<string, unknown> = {
      app: definedOnly({ name: application.name, version: application.version, description: application.description }),
      build: definedOnly({ artifact: application.name, name: application.name, version: application.version, time: process.env.BUILD_TIME }),
    };
    const git = readGitInfo(application.directory, info.gitFile);
    if (git) sections.git = git;
    sections['trace.attributes'] = traceAttributes({
      serviceName: application.name,
      serviceVersion: application.version,
      serviceInstanceId: info.serviceInstanceId,
    });
    const detailed = scrubValue(sections) as Record<string, unknown>;
    const attributes = detailed['trace.attributes'] as Record<string, string | number>;
    return { detailed, public: { ...detailed, 'trace.attributes': publicTraceAttributes(attributes) } };
  }
}

function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
