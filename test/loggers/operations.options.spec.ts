import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveManagementOptions } from '../../src/management.options.js';
import { ManagementConfigurationError, nestLogLevels, pinoLogLevels } from '../../src/index.js';

function refuses(options: unknown, message: string): void {
  assert.throws(
    () => resolveManagementOptions(options),
    (error: unknown) => error instanceof ManagementConfigurationError && error.message === message,
  );
}

describe('loggers and shutdown options', () => {
  it('are off by default; loggers uses Nest’s own logger unless given a control', () => {
    const resolved = resolveManagementOptions({});
    assert.deepEqual(resolved.shutdown, { enabled: false });
    assert.equal(resolved.loggers.enabled, false);
    assert.equal(resolved.loggers.control, nestLogLevels);
    const control = pinoLogLevels(() => ({ level: 'info' }));
    assert.equal(resolveManagementOptions({ loggers: { enabled: true, control } }).loggers.control, control);
  });

  it('refuse bad values, naming the key', () => {
    refuses({ loggers: { enabled: 'yes' } }, "ManagementModule option 'loggers.enabled' must be true or false.");
    refuses({ loggers: { level: 'debug' } }, "ManagementModule option 'loggers.level' is not known. Known: enabled, control.");
    refuses(
      { loggers: { control: { set() {} } } },
      "ManagementModule option 'loggers.control' must be an object with enabled() and set(levels) methods, e.g. pinoLogLevels(() => PinoLogger.root).",
    );
    refuses({ shutdown: true }, "ManagementModule option 'shutdown' must be an object.");
    refuses({ shutdown: { enabled: 1 } }, "ManagementModule option 'shutdown.enabled' must be true or false.");
    refuses({ shutdown: { exitCode: 0 } }, "ManagementModule option 'shutdown.exitCode' is not known. Known: enabled.");
  });

  it('pinoLogLevels maps pino levels to Nest’s and sets one threshold', () => {
    const pino = { level: 'info' };
    const control = pinoLogLevels(() => pino);
    assert.deepEqual(control.enabled(), ['fatal', 'error', 'warn', 'log']);
    control.set(['error', 'verbose']);
    assert.equal(pino.level, 'trace');
    control.set([]);
    assert.equal(pino.level, 'silent');
    assert.deepEqual(control.enabled(), []);
    assert.match(String(pinoLogLevels(() => undefined).refusal?.()), /not there/);
  });
});
