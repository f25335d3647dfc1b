import 'reflect-metadata';
import { describe } from 'node:test';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import type { INestApplication, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: readonly AdapterName[] = ['express', 'fastify'];

/** A real Nest application listening on a free loopback port. */
export interface TestApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Sends a request to `path` on this app. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Builds a root module from `metadata`, starts it on `adapter` and listens on 127.0.0.1. */
export async function startApp(
  adapter: AdapterName,
  metadata: ModuleMetadata,
  options: NestApplicationOptions & { host?: string; port?: number; configure?: (app: INestApplication) => void } = {},
): Promise<TestApp> {
  @Module(metadata)
  class TestRootModule {}
  const httpAdapter = adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const { host = '127.0.0.1', port: requestedPort = 0, configure, ...appOptions } = options;
  const app = await NestFactory.create(TestRootModule, httpAdapter, { logger: false, abortOnError: false, ...appOptions });
  configure?.(app);
  await app.listen(requestedPort, host);
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    app,
    baseUrl,
    request: (path, init) => fetch(`${baseUrl}${path}`, init),
    close: () => app.close(),
  };
}

/** Creates the app described by `metadata` without listening, to observe start-up failures. */
export async function bootstrapError(adapter: AdapterName, metadata: ModuleMetadata): Promise<unknown> {
  @Module(metadata)
  class TestRootModule {}
  const httpAdapter = adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  try {
    const app = await NestFactory.create(TestRootModule, httpAdapter, { logger: false, abortOnError: false });
    await app.init();
    await app.close();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Runs the same suite once on Express and once on Fastify. */
export function onEachAdapter(title: string, suite: (adapter: AdapterName) => void): void {
  for (const adapter of ADAPTERS) describe(`${title} (${adapter})`, () => suite(adapter));
}
