import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { prismaCheck } from '../../src/index.js';
import type { PrismaSqlClient } from '../../src/index.js';
import { appWith, assertDown, assertStallHoldsOneRequest, cleanups, component, timedOut } from '../support/indicator-probe.js';
import { startStallableProxy, startStalledServer, unusedPort } from '../support/stalled-server.js';

const POSTGRES_PORT = 5432;
const TIMEOUT = 300;
const SCHEMA = `
generator client {
  provider = "prisma-client-js"
  output   = "./client"
}
datasource db {
  provider = "postgresql"
}
model HealthProbe {
  id Int @id
}
`;

type PrismaClientClass = new (options: { adapter: unknown }) => PrismaSqlClient & { $disconnect(): Promise<void> };

/**
 * Generates a real Prisma client for a one-model schema (Prisma 7, no Rust query engine: it talks
 * to PostgreSQL through the `pg` driver adapter). `generate` uses no engine binary, so the schema
 * engine's download is skipped by pointing Prisma at an existing file.
 */
async function generatePrismaClient(directory: string): Promise<PrismaClientClass> {
  writeFileSync(join(directory, 'schema.prisma'), SCHEMA);
  const cli = resolve('node_modules', 'prisma', 'build', 'index.js');
  const generated = spawnSync(process.execPath, [cli, 'generate', '--schema', join(directory, 'schema.prisma')], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (generated.status !== 0) throw new Error(`prisma generate failed:\n${generated.stdout}\n${generated.stderr}`);
  const module = (await import(pathToFileURL(join(directory, 'client', 'index.js')).href)) as {
    PrismaClient?: PrismaClientClass;
    default?: { PrismaClient: PrismaClientClass };
  };
  return module.PrismaClient ?? module.default!.PrismaClient;
}

function prisma(PrismaClient: PrismaClientClass, port: number) {
  return new PrismaClient({ adapter: new PrismaPg({ host: '127.0.0.1', port, user: 'postgres', database: 'test' }) });
}

describe('Prisma indicator (a generated Prisma 7 client on PostgreSQL)', () => {
  let directory: string;
  let PrismaClient: PrismaClientClass;

  before(async () => {
    mkdirSync(join('node_modules', '.cache'), { recursive: true });
    directory = mkdtempSync(resolve('node_modules', '.cache', 'management-endpoints-prisma-'));
    PrismaClient = await generatePrismaClient(directory);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('is UP against the live server', async (t) => {
    const atEnd = cleanups(t);
    const client = prisma(PrismaClient, POSTGRES_PORT);
    atEnd(() => client.$disconnect());
    const app = await appWith(prismaCheck('db', client, { timeout: 5000 }), atEnd);
    const result = await component(app, 'db');
    assert.equal(result.status, 'UP');
    assert.equal(typeof result.details?.latencyMs, 'number');
  });

  it('is DOWN when the server is unreachable', async (t) => {
    const atEnd = cleanups(t);
    const client = prisma(PrismaClient, await unusedPort());
    atEnd(() => client.$disconnect());
    const app = await appWith(prismaCheck('db', client, { timeout: 5000 }), atEnd);
    await assertDown(app, 'db', /ECONNREFUSED|connect|reach/i);
  });

  it('is DOWN within its timeout when the server accepts and never answers', async (t) => {
    const atEnd = cleanups(t);
    const stalled = await startStalledServer();
    const client = prisma(PrismaClient, stalled.port);
    atEnd(() => client.$disconnect());
    atEnd(() => stalled.close());
    const app = await appWith(prismaCheck('db', client, { timeout: TIMEOUT }), atEnd);
    await assertDown(app, 'db', timedOut(TIMEOUT));
  });

  it('is DOWN within its timeout when an established connection stalls, and sends no second query behind the first', async (t) => {
    const atEnd = cleanups(t);
    const proxy = await startStallableProxy(POSTGRES_PORT);
    const client = prisma(PrismaClient, proxy.port);
    atEnd(() => client.$disconnect());
    atEnd(() => proxy.close());
    const app = await appWith(prismaCheck('db', client, { timeout: TIMEOUT }), atEnd);
    await assertStallHoldsOneRequest(app, 'db', proxy, TIMEOUT, 'query');
  });
});
