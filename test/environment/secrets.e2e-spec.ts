import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { onEachAdapter } from '../support/test-app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/secrets-app.js', import.meta.url));

/** Every planted secret value; none may appear in any endpoint's output. */
const PLANTED = {
  env: {
    DB_PASSWORD: 'planted-env-password',
    GITHUB_TOKEN: 'planted-env-token',
    AWS_SECRET_ACCESS_KEY: 'planted-env-secret-key',
    MY_CREDENTIALS: 'planted-env-credentials',
    AUTH_HEADER: 'planted-env-auth',
    SSH_PRIVATE: 'planted-env-private',
    session_id: 'planted-env-session',
    DATABASE_URL: 'postgres://app:planted-env-url-password@db:5432/app',
    PAYMENTS_URL: 'https://merchant:planted-env-payments-password@127.0.0.1:1/admin',
    PAYMENTS_API_KEY: 'planted-env-api-key',
    PLANTED_CONFIG_PASSWORD: 'planted-config-password',
    PLANTED_CONFIG_URL: 'mysql://root:planted-config-url-password@mysql/app',
  },
  argv: [
    '--db-password=planted-argv-password',
    '--token',
    'planted-argv-token',
    'redis://:planted-argv-url-password@cache:6379/0',
  ],
  others: ['planted-config-oauth', 'planted-config-client-secret', 'planted-config-private-key', 'planted-config-session', 'planted-custom-credentials'],
};

const SECRETS = [
  ...Object.values(PLANTED.env).map((value) => (value.includes('://') ? /:(planted-[a-z-]+)@/.exec(value)![1]! : value)),
  'planted-argv-password',
  'planted-argv-token',
  'planted-argv-url-password',
  ...PLANTED.others,
];

async function startFixture(adapter: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [FIXTURE, ...PLANTED.argv], {
    env: { ...process.env, ...PLANTED.env, ADAPTER: adapter },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    output += chunk;
    const match = /listening (\d+)/.exec(output);
    if (match) return { child, url: `http://127.0.0.1:${match[1]}` };
  }
  throw new Error(`the fixture app exited before listening: ${output}`);
}

onEachAdapter('planted secrets', (adapter) => {
  it('no planted secret (env, config, argv, URL passwords) survives in any endpoint, though each key is listed', async (t) => {
    const { child, url } = await startFixture(adapter);
    t.after(async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    });
    const bodies: Record<string, string> = {};
    for (const path of ['/z/environment', '/z/info', '/z/health', '/z/health/readiness', '/z/health/payments', '/z/version']) {
      const response = await fetch(`${url}${path}`);
      bodies[path] = await response.text();
    }
    for (const [path, body] of Object.entries(bodies)) {
      for (const secret of SECRETS) assert.ok(!body.includes(secret), `${path} leaks '${secret}'`);
    }

    const environment = JSON.parse(bodies['/z/environment']!) as {
      process: { env: Record<string, string>; argv: string[] };
      config: { database: Record<string, string>; identity: Record<string, string>; sessionCookie: string };
      custom: Record<string, string>;
    };
    assert.equal(environment.process.env.DB_PASSWORD, '******');
    assert.equal(environment.process.env.session_id, '******');
    assert.equal(environment.process.env.DATABASE_URL, 'postgres://app:******@db:5432/app');
    assert.deepEqual(environment.process.argv.slice(-4), ['--db-password=******', '--token', '******', 'redis://:******@cache:6379/0']);
    assert.equal(environment.config.database.host, 'db');
    assert.equal(environment.config.database.password, '******');
    assert.equal(environment.config.database.url, 'mysql://root:******@mysql/app');
    assert.equal(environment.config.identity.clientSecret, '******');
    assert.equal(environment.config.identity.oauth, '******', 'a whole object under a secret-looking key is hidden');
    assert.equal(environment.config.sessionCookie, '******');
    assert.equal(environment.custom.Credentials, '******');
    assert.equal(environment.custom.upstream, 'https://merchant:******@127.0.0.1:1/admin');

    const info = JSON.parse(bodies['/z/info']!) as { integrations: { payments: Record<string, string> }; 'trace.attributes': Record<string, string> };
    assert.equal(info.integrations.payments.apiKey, '******');
    assert.match(info['trace.attributes']['process.command_line']!, /--db-password=\*\*\*\*\*\* --token \*\*\*\*\*\*/);
  });
});
