// A start-up child: builds an app with N providers, each marked @HealthCheck or not, and reports
// how long NestFactory.create() plus app.init() took, in milliseconds.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManagementModule } from '../../src/index.js';
import { decoratedCheck } from './bench-apps.js';
import { adapterNamed } from './child.js';
import { instant } from './dependencies.js';
import type { ServerConfig } from './server-config.js';

export interface StartupConfig {
  adapter: ServerConfig['adapter'];
  providers: number;
  decorated: boolean;
}

const config = JSON.parse(process.argv[2]!) as StartupConfig;

function plainProvider(): Type {
  @Injectable()
  class BenchProvider {
    check(): unknown {
      return instant();
    }
  }
  return BenchProvider;
}

const providers = Array.from({ length: config.providers }, (_, index) =>
  config.decorated ? decoratedCheck(`check${index}`, {}, instant) : plainProvider(),
);

@Module({ imports: [ManagementModule.forRoot()], providers })
class StartupAppModule {}

const started = performance.now();
const app = await NestFactory.create(StartupAppModule, adapterNamed(config.adapter), { logger: false });
await app.init();
const elapsed = performance.now() - started;
process.send!({ startupMs: elapsed }, () => process.exit(0));
