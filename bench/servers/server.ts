// A bench server child: starts one contender's Nest app on a free loopback port, tells the parent
// the port (and the management port's URL, if it has one) over IPC, then answers the parent's
// questions (check executions, heap after GC).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManagementServer } from '../../src/index.js';
import { appMetadata } from './bench-apps.js';
import { dependencyExecutions } from './dependencies.js';
import { adapterNamed, collectGarbage, serveParent } from './child.js';
import type { ServerConfig } from './server-config.js';

const config = JSON.parse(process.argv[2]!) as ServerConfig;
if (config.contender === 'raw') throw new Error('the raw contender runs bench/servers/raw.js');

@Module(appMetadata(config.contender, config.setup))
class BenchAppModule {}

const app = await NestFactory.create(BenchAppModule, adapterNamed(config.adapter), { logger: false });
await app.listen(0, '127.0.0.1');
const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();

const probeUrl = config.contender === 'worker' ? app.get(ManagementServer).url : undefined;

serveParent({ port, probeUrl }, async (command) => {
  if (command === 'executions') return dependencyExecutions();
  await collectGarbage();
  return process.memoryUsage().heapUsed;
});
