// The application of the install matrix's microservice cells, as source text (CommonJS, decorators
// applied as functions): a TCP microservice (`createMicroservice`, endpoints on a management port)
// and a hybrid application (HTTP + `connectMicroservice` TCP, `startAllMicroservices()`, `listen`).
// Each has a health check that asks the application's own transport through a ClientProxy: it can
// pass only once the transport listens, and it must never have failed at boot.

/** What the cell installs beside the package and its peers. */
export function microservicePackages(nest) {
  return [`@nestjs/microservices@${nest}`, `@nestjs/platform-express@${nest}`];
}

/** Source of `main.js` for a microservice cell. */
export function microserviceAppSource() {
  return `require('reflect-metadata');
const { Controller, Inject, Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ClientsModule, MessagePattern, Transport } = require('@nestjs/microservices');
const { HealthCheck, ManagementModule, ManagementServer } = require('nestjs-management-endpoints');
const { createServer } = require('node:net');
const { firstValueFrom, timeout } = require('rxjs');

function expect(condition, what, seen) {
  if (!condition) {
    console.error('unexpected: ' + what + '; seen: ' + JSON.stringify(seen));
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

class PingController {
  ping() {
    return 'pong';
  }
}
MessagePattern('ping')(PingController.prototype, 'ping', Object.getOwnPropertyDescriptor(PingController.prototype, 'ping'));
Controller()(PingController);

function moduleFor(transportPort, management, failures) {
  class SelfCheck {
    constructor(client) {
      this.client = client;
    }
    async check() {
      try {
        const answer = await firstValueFrom(this.client.send('ping', {}).pipe(timeout(2000)));
        if (answer !== 'pong') throw new Error('answered ' + answer);
      } catch (error) {
        failures.push(error.message);
        throw error;
      }
    }
  }
  Inject('SELF')(SelfCheck, undefined, 0);
  HealthCheck('self', { groups: ['readiness'] })(SelfCheck);
  Injectable()(SelfCheck);
  class AppModule {}
  Module({
    imports: [
      ManagementModule.forRoot(management),
      ClientsModule.register([{ name: 'SELF', transport: Transport.TCP, options: { host: '127.0.0.1', port: transportPort } }]),
    ],
    controllers: [PingController],
    providers: [SelfCheck],
  })(AppModule);
  return AppModule;
}

/** Readiness, asked until it is 200; a failure at boot would keep it 503 for the 9 s failure cache. */
async function readyWithin(url, milliseconds) {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const answer = await fetch(url + '/z/health/readiness');
    const body = await answer.text();
    if (answer.status === 200 || Date.now() > deadline) return [answer.status, body];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function answers(url, failures, what) {
  const readiness = await readyWithin(url, 5000);
  expect(readiness[0] === 200 && readiness[1] === '{"status":"UP"}', what + ': readiness 200 UP soon after the transport listens', readiness);
  const health = await fetch(url + '/z/health');
  const body = await health.json();
  expect(health.status === 200 && body.components.self.status === 'UP', what + ': /z/health 200 with self UP', [health.status, body]);
  expect(failures.length === 0, what + ': the check never failed at boot', failures);
}

async function main() {
  const nest = require('@nestjs/core/package.json').version;

  const failures = [];
  const transportPort = await freePort();
  const microservice = await NestFactory.createMicroservice(moduleFor(transportPort, { port: 0, address: '127.0.0.1' }, failures), {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: transportPort },
    logger: false,
  });
  await microservice.listen();
  await answers(microservice.get(ManagementServer).url, failures, 'microservice');
  await microservice.close();
  console.log('  Nest ' + nest + ' TCP microservice, management port: readiness 200 once it listens, /z/health 200, its own-transport check never failed');

  const hybridFailures = [];
  const hybridPort = await freePort();
  const hybrid = await NestFactory.create(moduleFor(hybridPort, {}, hybridFailures), { logger: false });
  hybrid.connectMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port: hybridPort } });
  await hybrid.startAllMicroservices();
  await hybrid.listen(0, '127.0.0.1');
  await answers('http://127.0.0.1:' + hybrid.getHttpServer().address().port, hybridFailures, 'hybrid');
  const pong = await firstValueFrom(hybrid.get('SELF').send('ping', {}).pipe(timeout(2000)));
  expect(pong === 'pong', 'hybrid: the microservice answers over TCP', pong);
  await hybrid.close();
  console.log('  Nest ' + nest + ' hybrid HTTP + TCP: readiness and /z/health 200 on the app port, the TCP transport answers, the check never failed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
}
