import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { arch, cpus, freemem, hostname, loadavg, platform, release, totalmem, type, uptime, version } from 'node:os';
import { installedVersion, readApplicationPackage } from '../info/application-package.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { messages } from '../messages.js';
import { scrubArguments, scrubEnvironment, scrubValue } from '../secrets/secret-scrubber.js';
import { withTimeout } from '../timing/with-timeout.js';
import { nestConfigValues } from './nest-config.js';

type Section = Record<string, unknown>;

/**
 * Builds the /environment document: `os`, `runtime`, `process`, `config` and `custom`, each
 * switchable, every secret scrubbed (secret-looking names, URL passwords) wherever it appears.
 */
@Injectable()
export class EnvironmentService {
  private readonly logger = new Logger('ManagementModule');

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  async collect(): Promise<Section> {
    const { sections, custom } = this.options.environment;
    const document: Section = {};
    if (sections.os) document.os = osSection();
    if (sections.runtime) document.runtime = this.runtimeSection();
    if (sections.process) document.process = processSection();
    if (sections.config) document.config = scrubValue((await this.section('config', this.options.environment.config ?? (() => nestConfigValues(this.moduleRef)))) ?? {});
    if (custom !== undefined) document.custom = scrubValue((await this.section('custom', custom)) ?? {});
    return document;
  }

  private runtimeSection(): Section {
    const application = readApplicationPackage(this.options.info.packageJson);
    const dependencies: Record<string, string> = {};
    for (const [name, wanted] of Object.entries(application.dependencies)) {
      dependencies[name] = installedVersion(application.directory, name) ?? `${wanted} (not installed)`;
    }
    return { name: 'nodejs', version: process.versions.node, versions: { ...process.versions }, dependencies };
  }

  private async section(name: string, source: unknown): Promise<unknown> {
    if (typeof source !== 'function') return source;
    try {
      return await withTimeout(Promise.resolve().then(source as () => unknown), this.options.timeout);
    } catch (error) {
      this.logger.warn(messages.environmentSectionFailed(name, error instanceof Error ? error.message : String(error)));
      return { error: messages.environmentSectionFailedBody() };
    }
  }
}

function osSection(): Section {
  const processors = cpus();
  return {
    type: type(),
    platform: platform(),
    release: release(),
    version: version(),
    arch: arch(),
    hostname: hostname(),
    cpus: processors.length,
    cpuModel: processors[0]?.model,
    totalMemory: totalmem(),
    freeMemory: freemem(),
    loadAverage: loadavg(),
    uptimeSeconds: Math.round(uptime()),
  };
}

function processSection(): Section {
  return {
    pid: process.pid,
    ppid: process.ppid,
    title: scrubArguments([process.title])[0],
    argv: scrubArguments(process.argv),
    execArgv: scrubArguments(process.execArgv),
    cwd: process.cwd(),
    uptimeSeconds: Math.round(process.uptime()),
    memory: process.memoryUsage(),
    env: scrubEnvironment(process.env),
  };
}
