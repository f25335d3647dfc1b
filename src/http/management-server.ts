import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { INestApplication, OnApplicationBootstrap, OnApplicationShutdown, Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef, NestFactory } from '@nestjs/core';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AccessPolicy } from '../access/access-policy.js';
import { EnvironmentService } from '../environment/environment.service.js';
import { HealthService } from '../health/health.service.js';
import { InfoService } from '../info/info.service.js';
import { MANAGEMENT_OPTIONS } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { ManagementResponder } from './management-responder.js';

/** Injection token of the controllers the management server serves. */
export const MANAGEMENT_CONTROLLERS = Symbol.for('nestjs-management-endpoints:controllers');

/** Services the endpoints use, shared with the application rather than created anew. */
const SHARED_SERVICES: readonly (Type | symbol)[] = [HealthService, AccessPolicy, InfoService, EnvironmentService, MANAGEMENT_OPTIONS];

/**
 * Serves the management endpoints on their own port (Spring's management.server.port), bound to
 * a chosen address, outside the application's ingress and middleware. It starts when the
 * application bootstraps and stops after the application's server, so probes are answered while
 * the application drains.
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ManagementModule');
  private server?: INestApplication;

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    @Inject(MANAGEMENT_CONTROLLERS) private readonly controllers: Type[],
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Where the endpoints are served, e.g. `http://127.0.0.1:9000`; undefined until started. */
  get url(): string | undefined {
    const address = this.server?.getHttpServer().address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, address } = this.options;
    if (port === undefined) return;
    const shared = SHARED_SERVICES.map((token) => ({ provide: token, useValue: this.moduleRef.get(token, { strict: false }) }));
    @Module({ controllers: this.controllers, providers: [...shared, ManagementResponder] })
    class ManagementServerModule {}
    this.server = await NestFactory.create(ManagementServerModule, await this.createAdapter(), { logger: ['error', 'warn'] });
    await this.server.listen(port, address ?? '0.0.0.0');
    this.logger.log(`Management endpoints listen on ${this.url}${this.options.basePath}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  /** An adapter of the same kind as the application's (Express unless it runs on Fastify). */
  private async createAdapter(): Promise<AbstractHttpAdapter> {
    const kind = (this.adapterHost?.httpAdapter as { getType?: () => string } | undefined)?.getType?.();
    if (kind === 'fastify') return new (await import('@nestjs/platform-fastify')).FastifyAdapter();
    return new (await import('@nestjs/platform-express')).ExpressAdapter();
  }
}
