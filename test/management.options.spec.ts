import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveManagementOptions } from '../src/management.options.js';
import { resolveBasePath } from '../src/options/base-path.js';
import { resolveTtl } from '../src/options/ttl.js';
import { MANAGEMENT_DEFAULTS, ManagementConfigurationError } from '../src/index.js';

/** Asserts that resolving `options` fails with exactly `message`. */
function refuses(options: unknown, message: string): void {
  assert.throws(
    () => resolveManagementOptions(options),
    (error: unknown) => {
      assert.ok(error instanceof ManagementConfigurationError);
      assert.equal(error.name, 'ManagementConfigurationError');
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe('management options', () => {
  it('fill in the documented defaults', () => {
    const resolved = resolveManagementOptions({});
    assert.equal(resolved.basePath, '/z');
    assert.equal(resolved.timeout, 500);
    assert.deepEqual(resolved.ttl, { up: 27_000, down: 9_000 });
    assert.equal(resolved.showDetails, 'when-authorized');
    assert.equal(resolved.authorizer, undefined);
    assert.equal(resolved.version, undefined);
    assert.deepEqual(resolved.checks, []);
    assert.deepEqual(resolveManagementOptions(), resolved);
    assert.equal(MANAGEMENT_DEFAULTS.basePath, '/z');
    assert.equal(MANAGEMENT_DEFAULTS.timeout, 500);
    assert.deepEqual(MANAGEMENT_DEFAULTS.ttl, { up: 27_000, down: 9_000 });
    assert.equal(MANAGEMENT_DEFAULTS.showDetails, 'when-authorized');
  });

  it('keep what the application gives', () => {
    const authorizer = () => true;
    const version = () => '1.0.0';
    const checks = [{ name: 'db', check: () => true }];
    const resolved = resolveManagementOptions({
      basePath: '/ops/',
      timeout: 200,
      ttl: 1_000,
      showDetails: 'always',
      authorizer,
      version,
      checks,
    });
    assert.equal(resolved.basePath, '/ops');
    assert.equal(resolved.timeout, 200);
    assert.deepEqual(resolved.ttl, { up: 1_000, down: 1_000 });
    assert.equal(resolved.showDetails, 'always');
    assert.equal(resolved.authorizer, authorizer);
    assert.equal(resolved.version, version);
    assert.deepEqual(resolved.checks, checks);
  });

  it('a ttl object fills the outcome it leaves out from the defaults, and 0 is allowed', () => {
    assert.deepEqual(resolveManagementOptions({ ttl: { up: 0 } }).ttl, { up: 0, down: 9_000 });
    assert.deepEqual(resolveManagementOptions({ ttl: { down: 5 } }).ttl, { up: 27_000, down: 5 });
    assert.deepEqual(resolveManagementOptions({ ttl: 0 }).ttl, { up: 0, down: 0 });
    assert.deepEqual(resolveTtl('ttl', { down: 1 }, { up: 2, down: 3 }), { up: 2, down: 1 });
  });

  it('probes: the worker is on with a port and off without one; the stall limit defaults to 10 s; load shedding is off', () => {
    assert.deepEqual(resolveManagementOptions({ port: 9000 }).probes, { worker: true, stallLimit: 10_000, loadShedding: undefined });
    assert.deepEqual(resolveManagementOptions({}).probes, { worker: false, stallLimit: 10_000, loadShedding: undefined });
    assert.equal(resolveManagementOptions({ port: 9000, probes: { worker: false } }).probes.worker, false);
    assert.deepEqual(resolveManagementOptions({ probes: { loadShedding: { maxDelay: 1_000 } } }).probes.loadShedding, {
      maxDelay: 1_000,
      recoverBelow: 500,
      recoverAfter: 5_000,
    });
    assert.equal(resolveManagementOptions({ interval: 15_000 }).interval, 15_000);
  });

  it('refuse probe settings that cannot work, naming the key', () => {
    refuses(
      { probes: { worker: true } },
      "ManagementModule option 'probes.worker' needs a management 'port': the worker serves that port. Set 'port' (e.g. 9000) or drop 'probes.worker'.",
    );
    refuses(
      { port: 9000, probes: { stallLimit: 50 } },
      "ManagementModule option 'probes.stallLimit' must be at least 1000 ms (the heartbeat beats every 100 ms, and a shorter stall is ordinary work), got 50.",
    );
    refuses(
      { probes: { loadShedding: { maxDelay: 20 } } },
      "ManagementModule option 'probes.loadShedding.maxDelay' must be at least 100 ms (timer jitter alone reaches tens of ms), got 20.",
    );
    refuses({ probes: { loadShedding: { maxDelay: 500, recoverBelow: 600 } } }, "ManagementModule option 'probes.loadShedding.recoverBelow' (600) must be below 'maxDelay' (500).");
    assert.throws(() => resolveManagementOptions({ probes: { loadShedding: { maxDelay: 500, recoverBelow: 0 } } }), /'probes\.loadShedding\.recoverBelow'/);
    assert.throws(() => resolveManagementOptions({ probes: { loadShedding: {} } }), /'probes\.loadShedding\.maxDelay'/);
    refuses({ probes: { shed: true } }, "ManagementModule option 'probes.shed' is not known. Known: worker, stallLimit, loadShedding.");
    assert.throws(() => resolveManagementOptions({ interval: 0 }), /'interval'/);
  });

  it('refuse a value that is not an options object', () => {
    refuses(null, 'ManagementModule options must be an object, got null.');
    refuses([], 'ManagementModule options must be an object, got an array.');
    refuses('fast', "ManagementModule options must be an object, got 'fast'.");
  });

  it('refuse an unknown key, naming it and the known ones', () => {
    assert.throws(
      () => resolveManagementOptions({ timeoutMs: 100 }),
      (error: unknown) => {
        assert.ok(error instanceof ManagementConfigurationError);
        assert.match(error.message, /^ManagementModule option 'timeoutMs' is not known\. Known options: /);
        for (const known of ['basePath', 'timeout', 'ttl', 'showDetails', 'authorizer', 'version', 'checks']) {
          assert.match(error.message, new RegExp(`[ ,]${known}[,.]`), `lists ${known}`);
        }
        return true;
      },
    );
  });

  it('refuse a timeout that is not a whole positive number of milliseconds a timer can hold', () => {
    const message = (got: string) =>
      `ManagementModule option 'timeout' must be a whole number of milliseconds > 0 and at most 2147483647, got ${got}.`;
    refuses({ timeout: -1 }, message('-1'));
    refuses({ timeout: 0 }, message('0'));
    refuses({ timeout: 2.5 }, message('2.5'));
    refuses({ timeout: Number.NaN }, message('NaN'));
    refuses({ timeout: 2_147_483_648 }, message('2147483648'));
    refuses({ timeout: '500' }, message("'500'"));
    assert.equal(resolveManagementOptions({ timeout: 2_147_483_647 }).timeout, 2_147_483_647);
  });

  it('refuse a ttl that is not milliseconds, naming the outcome at fault', () => {
    refuses(
      { ttl: 'forever' },
      "ManagementModule option 'ttl' must be milliseconds (a number) or { up, down } in milliseconds, got 'forever'.",
    );
    refuses(
      { ttl: { up: 1, down: -1 } },
      "ManagementModule option 'ttl'.down must be a whole number of milliseconds >= 0 and at most 2147483647, got -1.",
    );
    refuses(
      { ttl: -5 },
      "ManagementModule option 'ttl' must be a whole number of milliseconds >= 0 and at most 2147483647, got -5.",
    );
  });

  it('refuse a showDetails other than never, when-authorized or always', () => {
    refuses(
      { showDetails: 'sometimes' },
      "ManagementModule option 'showDetails' must be 'never', 'when-authorized' or 'always', got 'sometimes'.",
    );
    refuses({ showDetails: true }, "ManagementModule option 'showDetails' must be 'never', 'when-authorized' or 'always', got true.");
  });

  it('refuse an authorizer, version or checks of the wrong kind', () => {
    assert.throws(
      () => resolveManagementOptions({ authorizer: 'admin' }),
      (error: unknown) =>
        error instanceof ManagementConfigurationError &&
        /^ManagementModule option 'authorizer' must be a function\b.*, got 'admin'\.$/.test(error.message),
    );
    refuses({ version: 3 }, "ManagementModule option 'version' must be a string or a function returning one, got 3.");
    refuses(
      { checks: { name: 'db' } },
      "ManagementModule option 'checks' must be an array of { name, check, ...options }, got an object.",
    );
  });

  it('accept base paths made of path segments and refuse anything else, naming basePath', () => {
    assert.equal(resolveBasePath(undefined), '/z');
    assert.equal(resolveBasePath('/management'), '/management');
    assert.equal(resolveBasePath('/admin/ops//'), '/admin/ops');
    assert.equal(resolveBasePath('/v1.2/_ops~x-y'), '/v1.2/_ops~x-y');
    for (const bad of ['z', '', '/', '//', '/a b', '/a//b', '/a?b', '/:name', '/*', 42, null]) {
      assert.throws(
        () => resolveBasePath(bad),
        (error: unknown) => error instanceof ManagementConfigurationError && error.message.startsWith("ManagementModule option 'basePath' must be a path"),
        `basePath ${String(bad)}`,
      );
    }
  });
});
