import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { ManagementServer } from '../http/management-server.js';
import { readApplicationPackage } from '../info/application-package.js';
import { ServingWatch } from '../lifecycle/serving.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { scrubUrls } from '../secrets/secret-scrubber.js';
import { withTimeout } from '../timing/with-timeout.js';
import { instanceRegistration } from './instance-registration.js';
import type { InstanceRegistration, ListeningAddress } from './instance-registration.js';
import { SpringBootAdminClient } from './spring-boot-admin.client.js';
import { springBootAdminMessages as text } from '../messages.js';
import type { ResolvedSpringBootAdminOptions } from './spring-boot-admin.options.js';

/** The longest shutdown waits for deregistration, whatever `timeout` says: close() must not hang on a monitor. */
export const DEREGISTRATION_LIMIT = 2_000;

/**
 * Keeps this application registered with Spring Boot Admin, as the Java client's registration
 * listener does: the first registration once the application's server listens, another every
 * `period`, timed from the start of the last (runs never overlap: one that outlasts `period` is
 * followed at once by the next), and on shutdown a deregistration bounded by `timeout` and at
 * most 2 s. It never stops the application: a server that is down or hangs costs one warning
 * per server, and one log line when it takes the registration again. Credentials and metadata
 * are never logged.
 */
@Injectable()
export class SpringBootAdminRegistrar implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ManagementModule');
  private readonly settings: ResolvedSpringBootAdminOptions | undefined;
  private readonly startup = new Date().toISOString();
  /** Servers whose last attempt failed and was warned about. */
  private readonly failing = new Set<string>();
  /** Registration URLs that hold this instance's id. */
  private readonly holders = new Set<string>();
  private readonly stopping = new AbortController();
  private id?: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private warnedAddress = false;
  private closing = false;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly client: SpringBootAdminClient,
    private readonly managementServer: ManagementServer,
    private readonly servingWatch: ServingWatch,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {
    this.settings = options.springBootAdmin;
  }

  /** The id Spring Boot Admin gave this instance; undefined until the first registration succeeds. */
  get instanceId(): string | undefined {
    return this.id;
  }

  onApplicationBootstrap(): void {
    if (this.settings) this.servingWatch.whenServing(() => this.schedule(0));
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.settings || this.closing) return;
    this.closing = true;
    clearTimeout(this.timer);
    // A registration under way may already be in the server's list, and only its answer names
    // the id to deregister: give it the deregistration's own bound to finish, then abort it.
    if (this.running) await withTimeout(this.running, DEREGISTRATION_LIMIT);
    this.stopping.abort();
    await this.running;
    if (this.settings.autoDeregister) await this.deregister(this.settings);
  }

  private schedule(delay: number): void {
    if (this.closing) return;
    this.timer = setTimeout(() => {
      this.running = this.run();
    }, delay).unref();
  }

  private async run(): Promise<void> {
    const started = performance.now();
    try {
      await this.register(this.settings!);
    } finally {
      this.running = undefined;
      this.schedule(Math.max(0, this.settings!.period - (performance.now() - started)));
    }
  }

  /** Registers at the first server that accepts, like the Java client's default `register-once`. */
  private async register(settings: ResolvedSpringBootAdminOptions): Promise<void> {
    const registration = this.registration(settings);
    if (!registration) return;
    for (const url of settings.registrationUrls) {
      try {
        const id = await this.client.register(url, registration, settings.credentials, settings.timeout, this.stopping.signal);
        this.holders.add(url);
        const recovered = this.failing.delete(url);
        if (id !== this.id || recovered) this.logger.log(text.registered(scrubUrls(url), id));
        this.id = id;
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (!this.failing.has(url)) {
          this.failing.add(url);
          this.logger.warn(text.registrationFailed(scrubUrls(url), (error as Error).message, settings.period));
        }
      }
    }
  }

  private async deregister(settings: ResolvedSpringBootAdminOptions): Promise<void> {
    const id = this.id;
    if (id === undefined) return;
    const timeout = Math.min(settings.timeout, DEREGISTRATION_LIMIT);
    const unbounded = new AbortController().signal;
    await Promise.all(
      [...this.holders].map(async (url) => {
        try {
          await this.client.deregister(url, id, settings.credentials, timeout, unbounded);
        } catch (error) {
          this.logger.warn(text.deregistrationFailed(scrubUrls(url), id, (error as Error).message));
        }
      }),
    );
    this.id = undefined;
    this.holders.clear();
  }

  private registration(settings: ResolvedSpringBootAdminOptions): InstanceRegistration | undefined {
    // The management port is not bound yet: try again next period rather than register the wrong URL.
    if (this.options.port !== undefined && !this.managementServer.url && !settings.managementUrl) return undefined;
    const registration = instanceRegistration(settings, {
      basePath: this.options.basePath,
      service: this.serviceAddress(),
      management: this.managementAddress(),
      applicationName: readApplicationPackage(this.options.info.packageJson).name,
      startup: this.startup,
    });
    if (!registration && !this.warnedAddress) {
      this.warnedAddress = true;
      this.logger.warn(text.unknownAddress());
    }
    return registration;
  }

  private serviceAddress(): ListeningAddress | undefined {
    let server: unknown;
    try {
      server = this.adapterHost?.httpAdapter?.getHttpServer();
    } catch {
      return undefined;
    }
    const address = (server as { address?: () => AddressInfo | string | null } | undefined)?.address?.();
    if (!address || typeof address === 'string') return undefined;
    return { address: address.address, port: address.port, secure: server instanceof TlsServer };
  }

  private managementAddress(): ListeningAddress | undefined {
    const url = this.options.port === undefined ? undefined : this.managementServer.url;
    if (!url) return undefined;
    const parsed = new URL(url);
    return { address: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port), secure: false };
  }
}
