// A cold-start child: loads Nest, then the contender's app (and with it the library under test),
// then listens. It reports, in milliseconds since the process started, when each step ended;
// the parent times the first readiness 200 itself. Every import is dynamic so that each is timed.
import type { AddressInfo } from 'node:net';
import type { Type } from '@nestjs/common';

/** What the parent asks for. */
export interface ColdStartConfig {
  adapter: 'express' | 'fastify';
  contender: 'nest' | 'module' | 'terminus';
}

/** What the child reports once it listens. */
export interface ColdStartReport {
  port: number;
  nestLoadedMs: number;
  libraryLoadedMs: number;
  listeningMs: number;
}

const config = JSON.parse(process.argv[2]!) as ColdStartConfig;
await import('reflect-metadata');
await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const adapter =
  config.adapter === 'express'
    ? new (await import('@nestjs/platform-express')).ExpressAdapter()
    : new (await import('@nestjs/platform-fastify')).FastifyAdapter();
const nestLoadedMs = performance.now();
const { ColdStartAppModule } = (await import(`./${config.contender}-app.js`)) as { ColdStartAppModule: Type };
const libraryLoadedMs = performance.now();
const app = await NestFactory.create(ColdStartAppModule, adapter, { logger: false });
await app.listen(0, '127.0.0.1');
const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
process.on('disconnect', () => process.exit(0));
process.send!({ port, nestLoadedMs, libraryLoadedMs, listeningMs: performance.now() } satisfies ColdStartReport);
