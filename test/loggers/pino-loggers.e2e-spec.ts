import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Logger as PinoNestLogger, LoggerModule, PinoLogger } from 'nestjs-pino';
import { ManagementModule, pinoLogLevels } from '../../src/index.js';
import type { LogLevelControl } from '../../src/index.js';
import { forgetNestLogLevels } from '../support/recording-console-logger.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';

/** nestjs-pino keeps one root logger per process, so every app of this file writes here. */
const lines: { level: number; msg: string }[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
    done();
  },
});

async function pinoApp(adapter: AdapterName, control?: LogLevelControl) {
  lines.length = 0;
  const app = await startApp(
    adapter,
    {
      imports: [
        LoggerModule.forRoot({ pinoHttp: [{ level: 'info', autoLogging: false }, stream] }),
        ManagementModule.forRoot({ authorizer: byToken, loggers: { enabled: true, control } }),
      ],
    },
    { bufferLogs: true, configure: (nest) => nest.useLogger(nest.get(PinoNestLogger)) },
  );
  return { ...app, lines, close: () => app.close().finally(forgetNestLogLevels) };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...TOKEN }, body: JSON.stringify(body) });

onEachAdapter('/loggers with nestjs-pino', (adapter) => {
  it("with pinoLogLevels(), shows pino's level and changes it: Nest's Logger.debug() reaches pino's output", async (t) => {
    const app = await pinoApp(adapter, pinoLogLevels(() => PinoLogger.root));
    t.after(() => app.close());
    assert.deepEqual(await (await app.request('/z/loggers/ROOT', { headers: TOKEN })).json(), {
      configuredLevel: null,
      effectiveLevel: 'log',
      enabledLevels: ['fatal', 'error', 'warn', 'log'],
    });
    const orders = new Logger('Orders');
    orders.debug('before the change');
    const changed = await app.request('/z/loggers', post({ configuredLevel: 'debug' }));
    assert.equal(changed.status, 200);
    assert.equal(((await changed.json()) as { effectiveLevel: string }).effectiveLevel, 'debug');
    assert.equal(PinoLogger.root.level, 'debug');
    orders.debug('after the change');
    assert.deepEqual(app.lines.filter((line) => line.level === 20).map((line) => line.msg), ['after the change']);
    await app.request('/z/loggers', post({ configuredLevel: null }));
    assert.equal(PinoLogger.root.level, 'info');
  });

  it('without a control, a change is refused with 409 naming the logger and the way out', async (t) => {
    const app = await pinoApp(adapter);
    t.after(() => app.close());
    const refused = await app.request('/z/loggers', post({ configuredLevel: 'debug' }));
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { message: string }).message, /\(Logger\) has no setLogLevels\(\).*pinoLogLevels/);
  });
});
