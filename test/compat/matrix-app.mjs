// The application each cell of the install matrix runs, as source text: a CommonJS or an ESM
// app on Express or Fastify that uses the installed package the way a user would (require or
// import, decorators applied as functions since it is plain JavaScript), then checks its answers
// and runs the installed probe command against it. Prints one line per app; exits 1 on the first
// unexpected answer.

/** Source of `main.js` for a cell: `format` 'cjs' | 'esm', `adapter` 'express' | 'fastify'. */
export function matrixAppSource(format, adapter) {
  const platform = `@nestjs/platform-${adapter}`;
  const adapterClass = adapter === 'express' ? 'ExpressAdapter' : 'FastifyAdapter';
  const header = format === 'cjs'
    ? `require('reflect-metadata');
const { Controller, Get, Injectable, Module, VersioningType } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ${adapterClass}: HttpAdapter } = require('${platform}');
const { ApplicationAvailability, HealthCheck, ManagementModule, ManagementServer } = require('nestjs-management-endpoints');
const { execFile } = require('node:child_process');
const libraryEntry = require.resolve('nestjs-management-endpoints');
const packageVersion = (name) => require(name + '/package.json').version;
`
    : `import 'reflect-metadata';
import { Controller, Get, Injectable, Module, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ${adapterClass} as HttpAdapter } from '${platform}';
import { ApplicationAvailability, HealthCheck, ManagementModule, ManagementServer } from 'nestjs-management-endpoints';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const libraryEntry = fileURLToPath(import.meta.resolve('nestjs-management-endpoints'));
const packageVersion = (name) => createRequire(import.meta.url)(name + '/package.json').version;
`;
  return `${header}
const FORMAT = '${format}';
const ADAPTER = '${adapter}';
const VERSION = 'matrix-' + FORMAT + '-' + ADAPTER;
const NODE_ONLY_PATH = process.env.NODE_ONLY_PATH;

function expect(condition, what, seen) {
  if (!condition) {
    console.error('unexpected: ' + what + '; seen: ' + JSON.stringify(seen));
    process.exit(1);
  }
}

function run(command, args, env) {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 30000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : String(error.code)) : 0, stdout, stderr });
    });
  });
}

/** The installed probe command, through npx and through node with a PATH holding only node. */
async function probes(port, target, expectedCode) {
  const env = { MANAGEMENT_PORT: String(port) };
  const runs = {
    npx: await run('npx', ['--no', 'nestjs-management-endpoints', 'probe', ...target], { ...process.env, ...env }),
    'node dist/esm': await run('node', ['node_modules/nestjs-management-endpoints/dist/esm/probe-command/probe.js', ...target], { ...env, PATH: NODE_ONLY_PATH }),
    'node dist/cjs': await run('node', ['node_modules/nestjs-management-endpoints/dist/cjs/probe-command/probe.js', ...target], { ...env, PATH: NODE_ONLY_PATH }),
  };
  for (const [how, result] of Object.entries(runs)) {
    expect(result.code === expectedCode, 'probe ' + target.join(' ') + ' by ' + how + ' exits ' + expectedCode, result);
    // npx may add its own warnings about the machine's npm configuration; the probe's are the rest.
    const lines = result.stderr.split('\\n').filter((line) => line !== '' && !line.startsWith('npm warn'));
    const failure = /^probe failed: http:\\/\\/127\\.0\\.0\\.1:\\d+\\/z\\/health\\/readiness answered 503 Service Unavailable \\(status OUT_OF_SERVICE\\), expected 200$/;
    expect(expectedCode === 0 ? lines.length === 0 : lines.length === 1 && failure.test(lines[0]), 'no output on success, one failure line otherwise', result);
  }
  return Object.keys(runs).join(', ');
}

async function answers(base) {
  const health = await fetch(base + '/z/health');
  const body = await health.json();
  expect(health.status === 200 && body.components.db.status === 'UP', '/z/health 200 with db UP', [health.status, body]);
  const readiness = await fetch(base + '/z/health/readiness');
  const readinessBody = await readiness.text();
  expect(readiness.status === 200 && readinessBody === '{"status":"UP"}', '/z/health/readiness 200 UP', [readiness.status, readinessBody]);
  const version = await fetch(base + '/z/version');
  const versionText = await version.text();
  expect(version.status === 200 && versionText === VERSION, '/z/version', [version.status, versionText]);
}

class DbHealth {
  check() {
    return { details: { rows: 1 } };
  }
}
HealthCheck('db')(DbHealth);
Injectable()(DbHealth);

/** A URI-versioned route, for what /mappings and /beans read off Nest (its metadata and module graph differ by major). */
class CatsController {
  findOne() {
    return 'tom';
  }
}
Get(':id')(CatsController.prototype, 'findOne', Object.getOwnPropertyDescriptor(CatsController.prototype, 'findOne'));
Controller({ path: 'cats', version: '1' })(CatsController);

async function start(managementOptions, controllers = []) {
  class AppModule {}
  Module({ imports: [ManagementModule.forRoot({ version: VERSION, ...managementOptions })], providers: [DbHealth], controllers })(AppModule);
  const app = await NestFactory.create(AppModule, new HttpAdapter(), { logger: false });
  if (controllers.length > 0) app.enableVersioning({ type: VersioningType.URI });
  await app.listen(0, '127.0.0.1');
  expect(app.getHttpAdapter().getType() === ADAPTER, 'the ' + ADAPTER + ' adapter', app.getHttpAdapter().getType());
  return app;
}

async function main() {
  const expectedEntry = '/dist/' + FORMAT + '/index.js';
  expect(libraryEntry.endsWith(expectedEntry), 'the package resolves to ' + expectedEntry, libraryEntry);
  const nest = packageVersion('@nestjs/core');

  const plain = await start({});
  const port = plain.getHttpServer().address().port;
  await answers('http://127.0.0.1:' + port);
  const probedBy = await probes(port, [], 0);
  plain.get(ApplicationAvailability).refuseTraffic();
  await probes(port, ['readiness'], 1);
  await plain.close();
  console.log('  Nest ' + nest + ' ' + FORMAT + ' ' + ADAPTER + ', app port: /z/health, readiness, version answered; probe exits 0 and 1 (' + probedBy + ')');

  const described = await start({ authorizer: (request) => request.headers['x-token'] === 't', diagnostics: { mappings: true, beans: true } }, [CatsController]);
  const describedBase = 'http://127.0.0.1:' + described.getHttpServer().address().port;
  const mappings = await (await fetch(describedBase + '/z/mappings', { headers: { 'x-token': 't' } })).json();
  const routes = Object.values(mappings.contexts)[0].mappings.dispatcherServlets.dispatcherServlet;
  expect(routes.length === 1 && routes[0].predicate === '{GET [/v1/cats/:id]}', '/z/mappings lists the versioned route', routes);
  expect((await fetch(describedBase + '/v1/cats/1')).status === 200, 'the route is served where /mappings says', routes);
  const beans = Object.values((await (await fetch(describedBase + '/z/beans', { headers: { 'x-token': 't' } })).json()).contexts)[0].beans;
  expect(beans.CatsController.resource === 'AppModule' && beans.DbHealth.scope === 'singleton' && beans.AppModule.kind === 'module', '/z/beans', beans.CatsController);
  expect((await fetch(describedBase + '/z/beans')).status === 403, '/z/beans refused without the authorizer', null);
  await described.close();
  console.log('  Nest ' + nest + ' ' + FORMAT + ' ' + ADAPTER + ', /z/mappings and /z/beans read the routes and modules');

  for (const worker of [true, false]) {
    const app = await start({ port: 0, address: '127.0.0.1', probes: { worker } });
    const server = app.get(ManagementServer);
    expect(server.usesWorker === worker, 'usesWorker ' + worker, server.usesWorker);
    await answers(server.url);
    const appAnswer = await fetch('http://127.0.0.1:' + app.getHttpServer().address().port + '/z/health');
    expect(appAnswer.status === 404, 'no endpoints on the app port', appAnswer.status);
    await probes(new URL(server.url).port, [], 0);
    app.get(ApplicationAvailability).refuseTraffic();
    await probes(new URL(server.url).port, ['readiness'], 1);
    await app.close();
    console.log('  Nest ' + nest + ' ' + FORMAT + ' ' + ADAPTER + ', management port on the ' + (worker ? 'probe worker' : 'main thread') + ': the same, and probe exits 0 and 1');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
}
