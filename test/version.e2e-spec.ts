import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../src/index.js';
import type { ManagementModuleOptions } from '../src/index.js';
import { onEachAdapter } from './support/test-app.js';
import type { AdapterName } from './support/test-app.js';
import { call, started } from './support/health-fixtures.js';

const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Sets (or, with undefined, removes) the VERSION environment variable for the rest of test `t`. */
function withVersionEnv(t: TestContext, value: string | undefined): void {
  const saved = process.env.VERSION;
  if (value === undefined) delete process.env.VERSION;
  else process.env.VERSION = value;
  t.after(() => {
    if (saved === undefined) delete process.env.VERSION;
    else process.env.VERSION = saved;
  });
}

/** What GET /z/version answers on an app with `options`; asserts 200, text/plain and no-store. */
async function versionOf(t: TestContext, adapter: AdapterName, options: ManagementModuleOptions): Promise<string> {
  const app = await started(t, adapter, { imports: [ManagementModule.forRoot(options)] });
  const answer = await call(app, '/z/version');
  assert.equal(answer.status, 200);
  assert.equal(answer.contentType, TEXT_TYPE);
  assert.equal(answer.cacheControl, 'no-store');
  return answer.text;
}

onEachAdapter('version endpoint', (adapter) => {
  it('answers the version option as plain text, ahead of the VERSION environment variable', async (t) => {
    withVersionEnv(t, '9.9.9-env');
    assert.equal(await versionOf(t, adapter, { version: '1.4.2' }), '1.4.2');
  });

  it('answers what a version function returns', async (t) => {
    withVersionEnv(t, '9.9.9-env');
    assert.equal(await versionOf(t, adapter, { version: () => 'git-3f2a1c' }), 'git-3f2a1c');
  });

  it('answers what an async version function resolves to', async (t) => {
    assert.equal(
      await versionOf(t, adapter, {
        version: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return '2024.06.01';
        },
      }),
      '2024.06.01',
    );
  });

  it('a version function that throws falls back to the VERSION environment variable instead of failing', async (t) => {
    withVersionEnv(t, '9.9.9-env');
    const version = () => {
      throw new Error('no build info');
    };
    assert.equal(await versionOf(t, adapter, { version }), '9.9.9-env');
  });

  it("a version function that rejects, with no VERSION set, answers 'unknown'", async (t) => {
    withVersionEnv(t, undefined);
    assert.equal(await versionOf(t, adapter, { version: () => Promise.reject(new Error('no build info')) }), 'unknown');
  });

  it('a version function that returns nothing usable falls back to VERSION too', async (t) => {
    withVersionEnv(t, '9.9.9-env');
    assert.equal(await versionOf(t, adapter, { version: () => '' }), '9.9.9-env');
  });

  it("a version function that never settles answers 'unknown' after the module's timeout", async (t) => {
    withVersionEnv(t, undefined);
    assert.equal(await versionOf(t, adapter, { timeout: 50, version: () => new Promise<string>(() => undefined) }), 'unknown');
  });

  it("a version function that returns something other than a non-empty string answers 'unknown'", async (t) => {
    withVersionEnv(t, undefined);
    assert.equal(await versionOf(t, adapter, { version: () => '' }), 'unknown');
    assert.equal(await versionOf(t, adapter, { version: () => 42 as unknown as string }), 'unknown');
  });

  it('without a version option, answers the VERSION environment variable', async (t) => {
    withVersionEnv(t, '5.0.0-rc.1');
    assert.equal(await versionOf(t, adapter, {}), '5.0.0-rc.1');
  });

  it("without a version option or VERSION, answers 'unknown'", async (t) => {
    withVersionEnv(t, undefined);
    assert.equal(await versionOf(t, adapter, {}), 'unknown');
  });

  it('HEAD /version answers 200 with no body', async (t) => {
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ version: '1.0.0' })] });
    const head = await call(app, '/z/version', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.cacheControl, 'no-store');
  });
});
