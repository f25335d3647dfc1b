// The application of the install matrix's microservice cells, as source text (CommonJS, decorators
// applied as functions): a TCP microservice (`createMicroservice`, endpoints on a management port)
// and a hybrid application (HTTP + `connectMicroservice` TCP, `startAllMicroservices()`, `listen`).
// Each has a health check that asks the application's own transport through a ClientProxy: it can
// pass only once the transport listens, and it must never have failed at boot. Then a hybrid HTTP +
// gRPC application with `GrpcHealth` on its gRPC microservice (`onLoadPackageDefinition`) and the
// probe worker's gRPC port: `grpc.health.v1.Health/Check` is answered on both, which shows that the
// installed package (and its worker thread) finds the application's own `@grpc/grpc-js`, an
// optional peer.

/** What the cell installs beside the package and its peers (@grpc/proto-loader: Nest's gRPC transport needs it). */
export function microservicePackages(nest) {
  return [`@nestjs/microservices@${nest}`, `@nestjs/platform-express@${nest}`, '@grpc/grpc-js@1', '@grpc/proto-loader@0'];
}

/** Source of `main.js` for a microservice cell. */
export function microserviceAppSource() {
  return `require('reflect-metadata');
const { Controller, Inject, Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ClientsModule, MessagePattern, Transport } = require('@nestjs/microservices');
const { GrpcHealth, HealthCheck, ManagementModule, ManagementServer } = require('nestjs-management-endpoints');
const grpc = require('@grpc/grpc-js');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
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

/** A Check of the gRPC health service, with a client that knows nothing of the module: the request and answer written out. */
function grpcCheck(address, service) {
  const bytes = (value) => value;
  const Health = grpc.makeGenericClientConstructor(
    { Check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes } },
    'Health',
  );
  const client = new Health(address, grpc.credentials.createInsecure());
  // HealthCheckRequest { service = 1 }; HealthCheckResponse { status = 1 }: 1 SERVING, 2 NOT_SERVING.
  const name = Buffer.from(service, 'utf8');
  const request = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
  return new Promise((resolve) => {
    client.Check(request, { deadline: Date.now() + 5000 }, (error, response) => {
      client.close();
      resolve(error ? 'error ' + error.code : ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'][response.length === 0 ? 0 : response[1]]);
    });
  });
}

/** A hybrid HTTP + gRPC application: the health service on its gRPC microservice and on the probe worker's gRPC port. */
async function grpcHybrid(nest) {
  writeFileSync(join(process.cwd(), 'hero.proto'), 'syntax = "proto3";\\npackage hero;\\nmessage Hero { string name = 1; }\\nservice HeroService { rpc FindOne (Hero) returns (Hero); }\\n');
  class GrpcModule {}
  Module({ imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', grpc: { port: 0, address: '127.0.0.1' } })] })(GrpcModule);
  const app = await NestFactory.create(GrpcModule, { logger: false });
  const appAddress = '127.0.0.1:' + (await freePort());
  app.connectMicroservice({
    transport: Transport.GRPC,
    options: { package: 'hero', protoPath: join(process.cwd(), 'hero.proto'), url: appAddress, onLoadPackageDefinition: app.get(GrpcHealth).onLoadPackageDefinition },
  });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const management = app.get(ManagementServer);
  expect(management.usesWorker, 'gRPC hybrid: the probe worker serves the management and gRPC ports', management.usesWorker);
  const workerAddress = management.grpcAddress;
  const seen = {};
  for (const [where, address] of [['app', appAddress], ['worker', workerAddress]]) {
    for (const service of ['', 'liveness', 'readiness']) seen[where + " '" + service + "'"] = await grpcCheck(address, service);
    seen[where + ' unknown'] = await grpcCheck(address, 'no-such-check');
  }
  await app.close();
  const expected = { "app ''": 'SERVING', "app 'liveness'": 'SERVING', "app 'readiness'": 'SERVING', 'app unknown': 'error ' + grpc.status.NOT_FOUND };
  for (const [key, value] of Object.entries(expected)) expected[key.replace('app', 'worker')] = value;
  expect(JSON.stringify(seen) === JSON.stringify(expected), 'gRPC hybrid: Check answered on the app gRPC port and the worker gRPC port', seen);
  console.log('  Nest ' + nest + ' hybrid HTTP + gRPC (@grpc/grpc-js ' + require('@grpc/grpc-js/package.json').version + '): Check SERVING for "", liveness and readiness, NOT_FOUND for an unknown name, on the app gRPC server and on the probe worker gRPC port');
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

  await grpcHybrid(nest);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
}
