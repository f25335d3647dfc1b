import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveManagementOptions } from '../../src/management.options.js';
import { ManagementConfigurationError } from '../../src/index.js';

function refusal(hosts: unknown): string {
  try {
    resolveManagementOptions({ access: { allow: ['loopback'], hosts } });
  } catch (error) {
    assert.ok(error instanceof ManagementConfigurationError);
    return error.message;
  }
  assert.fail(`access.hosts ${JSON.stringify(hosts)} was accepted`);
}

describe("option 'access.hosts'", () => {
  it('takes host names, domains with a leading dot and IP addresses; none by default', () => {
    assert.deepEqual(resolveManagementOptions({}).access.hosts, []);
    const hosts = ['app.internal', '.ops.example', 'box_1', '10.0.0.1', '::1'];
    assert.deepEqual(resolveManagementOptions({ access: { hosts } }).access.hosts, hosts);
  });

  it('refuses what is not a list of names, naming the entry and the form expected', () => {
    assert.equal(
      refusal('app.internal'),
      "ManagementModule option 'access.hosts' must be an array of host names (e.g. ['app.internal', '.example.com']), got 'app.internal'.",
    );
    for (const entry of ['http://app.internal', 'app.internal:8080', 'app.internal/z', '*', '*.example.com', '', 'a..b']) {
      assert.equal(
        refusal(['ok.example', entry]),
        `ManagementModule option 'access.hosts' has '${entry}', which is not a host name: give a name such as 'app.internal' ` +
          `(no scheme, port or path), '.example.com' for a domain and its subdomains, or an IP address.`,
      );
    }
    assert.match(refusal([42]), /has 42, which is not a host name/);
  });
});
