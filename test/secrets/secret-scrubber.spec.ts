import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, scrubArguments, scrubEnvironment, scrubUrls, scrubValue } from '../../src/secrets/secret-scrubber.js';

describe('secret scrubbing', () => {
  it('names containing key, token, pass, secret, credential, auth, private or session (any case) are secret', () => {
    for (const name of ['API_KEY', 'accessToken', 'PASSWORD', 'passwd', 'client_secret', 'GOOGLE_CREDENTIALS', 'Authorization', 'PRIVATE', 'SessionId']) {
      assert.ok(isSecretName(name), name);
    }
    for (const name of ['HOST', 'port', 'DATABASE_URL', 'user']) assert.ok(!isSecretName(name), name);
  });

  it('hides the password of every URL in a string, keeping the user and host', () => {
    assert.equal(
      scrubUrls('primary postgres://app:s3cr3t@db:5432/x and amqp://guest:guest@mq/ and redis://:pw@cache'),
      'primary postgres://app:******@db:5432/x and amqp://guest:******@mq/ and redis://:******@cache',
    );
    assert.equal(scrubUrls('https://host/path?user=a'), 'https://host/path?user=a');
  });

  it('scrubs nested values by key and by URL, and survives cycles, BigInt and functions', () => {
    const config: Record<string, unknown> = {
      db: { url: 'mysql://root:rootpw@h/d', password: 'x', replicas: ['postgres://r:replica-pw@r1/d'] },
      tokens: ['a', 'b'],
      count: 10n,
      callback: () => 1,
    };
    config.self = config;
    assert.deepEqual(scrubValue(config), {
      db: { url: 'mysql://root:******@h/d', password: '******', replicas: ['postgres://r:******@r1/d'] },
      tokens: '******',
      count: '10',
      callback: undefined,
      self: '[circular]',
    });
  });

  it('scrubs environment variables by name and by URL, leaving empty values visible as empty', () => {
    assert.deepEqual(scrubEnvironment({ B_SECRET: 'x', A_URL: 'http://u:p@h', EMPTY_TOKEN: '' }), {
      A_URL: 'http://u:******@h',
      B_SECRET: '******',
      EMPTY_TOKEN: '',
    });
  });

  it('scrubs --name=value and --name value arguments with secret names, and URL passwords anywhere', () => {
    assert.deepEqual(scrubArguments(['node', 'app.js', '--api-key=abc', '--token', 'xyz', '--port', '80', 'amqp://u:p@h', '--auth']), [
      'node',
      'app.js',
      '--api-key=******',
      '--token',
      '******',
      '--port',
      '80',
      'amqp://u:******@h',
      '--auth',
    ]);
  });
});
