// The Jest e2e suite of the install matrix's CommonJS cells, set up as `nest new` sets it up
// (@nestjs/schematics' TypeScript template): ts-jest, supertest, test/jest-e2e.json, a tsconfig
// with `module: nodenext`, and on Nest 12 Jest run with --experimental-vm-modules. The suite
// imports an app module that imports ManagementModule.forRoot(), creates the application with
// Test.createTestingModule() and asks for the endpoints through supertest (and Fastify's inject()).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether Jest can run a CommonJS app of this NestJS major here: Nest 12 is ESM only, and Jest
 * requires an ESM package from CommonJS only on Node 24.9 or later (before, it stops at
 * `@nestjs/testing`, whatever the app imports).
 */
export function jestRunsNest(nest) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return nest === 11 || major > 24 || (major === 24 && minor >= 9);
}

/** The development dependencies `nest new` adds for tests, per NestJS major. */
export function jestPackages(nest) {
  return [
    `@nestjs/testing@${nest}`,
    'jest@30',
    'ts-jest@29',
    '@types/jest@30',
    'supertest@7',
    '@types/supertest@7',
    '@types/node@24',
    nest === 11 ? 'typescript@5' : 'typescript@6',
  ];
}

const APP_MODULE = `import { Module } from '@nestjs/common';
import { ManagementModule } from 'nestjs-management-endpoints';

@Module({ imports: [ManagementModule.forRoot()] })
export class AppModule {}
`;

const JEST_E2E = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.e2e-spec.ts$',
  transform: { '^.+\\.(t|j)s$': 'ts-jest' },
};

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    resolvePackageJsonExports: true,
    esModuleInterop: true,
    isolatedModules: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    types: ['node', 'jest'],
    outDir: './dist',
    rootDir: '.',
    skipLibCheck: true,
    strictNullChecks: true,
  },
};

function e2eSpec(adapter) {
  const fastify = adapter === 'fastify';
  const create = fastify
    ? `moduleFixture.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();`
    : `moduleFixture.createNestApplication();
    await app.init();`;
  const inject = fastify
    ? `
  it('answers Fastify inject()', async () => {
    const answer = await app.inject({ method: 'GET', url: '/z/health/readiness' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe('{"status":"UP"}');
  });
`
    : '';
  return `import { Test, TestingModule } from '@nestjs/testing';
${fastify ? "import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';" : "import { INestApplication } from '@nestjs/common';"}
import request from 'supertest';
import { AppModule } from './../src/app.module';

describe('management endpoints (e2e)', () => {
  let app: ${fastify ? 'NestFastifyApplication' : 'INestApplication'};

  beforeEach(async () => {
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();

    app = ${create}
  });

  it('GET /z/health/readiness', () => {
    return request(app.getHttpServer()).get('/z/health/readiness').expect(200).expect('{"status":"UP"}');
  });

  it('GET /z/health', () => {
    return request(app.getHttpServer()).get('/z/health').expect(200);
  });
${inject}
  afterEach(async () => {
    await app.close();
  });
});
`;
}

/** Writes the app module and the e2e suite into `folder` (its packages installed), runs Jest and returns its tally. */
export function runJestCell(folder, nest, adapter) {
  mkdirSync(join(folder, 'src'));
  mkdirSync(join(folder, 'test'));
  writeFileSync(join(folder, 'src', 'app.module.ts'), APP_MODULE);
  writeFileSync(join(folder, 'test', 'app.e2e-spec.ts'), e2eSpec(adapter));
  writeFileSync(join(folder, 'test', 'jest-e2e.json'), JSON.stringify(JEST_E2E));
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  // `npm run test:e2e` of each template: Nest 12 is ESM only, which Jest loads with vm modules.
  const flags = nest === 11 ? [] : ['--experimental-vm-modules'];
  const run = spawnSync(process.execPath, [...flags, 'node_modules/jest/bin/jest.js', '--config', './test/jest-e2e.json'], {
    cwd: folder,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`Jest exited with ${run.status ?? run.signal}`);
  }
  return run.stderr.split('\n').find((line) => line.startsWith('Tests:'))?.replace(/\s+/g, ' ') ?? 'Tests: ?';
}
