import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ManagementServer } from '../src/index.js';
import { AppAsyncModule } from './app-async.module.js';
import { AppModule } from './app.module.js';
import { MANAGEMENT_BASE_PATH, SampleConfig } from './config/sample-config.js';

/**
 * Starts the sample on Express (or Fastify with `ADAPTER=fastify`) at `PORT` (default 3000).
 * Shutdown hooks are on, so Ctrl-C or SIGTERM flips readiness to 503, closes the database and
 * stops the warm-up.
 */
async function bootstrap(): Promise<void> {
  const config = new SampleConfig();
  const root = config.useAsyncModule ? AppAsyncModule : AppModule;
  const adapter = config.adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(root, adapter);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');

  const logger = new Logger('Sample');
  const managementUrl = app.get(ManagementServer).url?.replace('0.0.0.0', 'localhost') ?? `http://localhost:${config.port}`;
  const base = `${managementUrl}${MANAGEMENT_BASE_PATH}`;
  const paths = ['health', 'health/liveness', 'health/readiness', 'health/startup', 'health/db', 'health/external', 'health/inventory_api', 'info', 'version', 'environment', 'dashboard', 'mappings', 'beans', 'report'];
  logger.log(`${root.name} on ${config.adapter}, management endpoints:`);
  for (const path of paths) logger.log(`  ${base}/${path}`);
  if (config.usesDemoToken) {
    logger.log(`Demo mode (no MANAGEMENT_TOKEN): a browser on this machine sees details and ${base}/dashboard;`);
    logger.log(`  other clients send 'Authorization: Bearer ${config.managementToken}'.`);
  } else {
    logger.log("Details and the dashboard need 'Authorization: Bearer <MANAGEMENT_TOKEN>'.");
  }
  logger.log('Guide: README.md, then docs/kubernetes.md (probes), docs/access.md (who sees what), docs/options.md (every option).');
}

void bootstrap();
