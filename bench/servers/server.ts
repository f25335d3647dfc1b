// A bench server child: starts one contender's Nest app on a free loopback port, tells the parent
// the port over IPC, then answers the parent's questions (check executions, heap after GC).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appMetadata } from './bench-apps.js';
import { dependencyExecutions } from './dependencies.js';
import { adapterNamed, collectGarbage, serveParent } from './child.js';
import type { ServerConfig } from './server-config.js';

const config = JSON.parse(process.argv[2]!) as ServerConfig;

@Module(appMetadata(config.contender, config.setup))
class BenchAppModule {}

const app = await NestFactory.create(BenchAppModule, adapterNamed(config.adapter), { logger: false });
await app.listen(0, '127.0.0.1');
const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();

serveParent({ port }, async (command) => {
  if (command === 'executions') return dependencyExecutions();
  await collectGarbage();
  return process.memoryUsage().heapUsed;
});
