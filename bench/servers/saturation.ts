// A saturation child: starts one contender's app (a CPU-bound /work route, with or without a probe
// server) on a free loopback port and tells the parent that port and where its probes go, or why
// it could not start, so that one contender failing does not stop the bench.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManagementServer } from '../../src/index.js';
import { adapterNamed, collectGarbage, serveParent } from './child.js';
import { saturationMetadata } from './saturation-apps.js';
import type { SaturationConfig, ServerHello } from './server-config.js';

const config = JSON.parse(process.argv[2]!) as SaturationConfig;

async function start(): Promise<ServerHello> {
  @Module(saturationMetadata(config))
  class SaturationAppModule {}

  const app = await NestFactory.create(SaturationAppModule, adapterNamed(config.adapter), { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  if (config.contender === 'baseline' || config.contender === 'terminus') return { port };
  const management = app.get(ManagementServer);
  const probeUrl = management.url;
  if (!probeUrl) throw new Error('ManagementServer.url is undefined after listen()');
  return { port, probeUrl, grpcAddress: management.grpcAddress };
}

try {
  const hello = await start();
  serveParent(hello, async () => {
    await collectGarbage();
    return process.memoryUsage().heapUsed;
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.send!({ error: message } satisfies ServerHello, () => process.exit(1));
}
