import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveManagementOptions } from '../../src/management.options.js';
import { ManagementConfigurationError } from '../../src/index.js';

function refusal(options: unknown): string {
  try {
    resolveManagementOptions(options);
  } catch (error) {
    assert.ok(error instanceof ManagementConfigurationError);
    return error.message;
  }
  assert.fail('the options were accepted');
}

describe('diagnostics options', () => {
  it('turn every diagnostic endpoint off by default', () => {
    const { diagnostics } = resolveManagementOptions({});
    assert.deepEqual(Object.values(diagnostics), [false, false, false, false, false, false, false, false]);
  });

  it('turn on the endpoints set to true, with an authorizer', () => {
    const { diagnostics } = resolveManagementOptions({ authorizer: () => true, diagnostics: { heapdump: true, mappings: true } });
    assert.equal(diagnostics.heapdump, true);
    assert.equal(diagnostics.mappings, true);
    assert.equal(diagnostics.report, false);
  });

  it('stop start-up when a diagnostic endpoint is on without an authorizer, even with an allow-list', () => {
    const message = refusal({ access: { allow: ['127.0.0.1'] }, diagnostics: { heapdump: true, report: true } });
    assert.match(message, /^ManagementModule option 'diagnostics' turns on \/heapdump, \/report, /);
    assert.match(message, /an address on 'access.allow' is not enough/);
  });

  it('name an unknown endpoint and a value that is not a boolean', () => {
    assert.match(refusal({ authorizer: () => true, diagnostics: { threaddump: true } }), /'diagnostics.threaddump' is not known. Known: heapdump, profile/);
    assert.equal(refusal({ authorizer: () => true, diagnostics: { heapdump: 'yes' } }), "ManagementModule option 'diagnostics.heapdump' must be true or false.");
  });
});
