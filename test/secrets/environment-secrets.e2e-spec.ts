import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import { call, started } from '../support/health-fixtures.js';
import { onEachAdapter } from '../support/test-app.js';

/** Variables planted in this process's environment, in the spellings that used to leak, and what /environment shows. */
const VARIABLES: Record<string, [planted: string, shown: string]> = {
  GITHUB_PAT: ['ghp_PLANTED-PAT', '******'],
  MYSQL_PWD: ['PLANTED-MYSQL-PWD', '******'],
  DB_PWD: ['PLANTED-DB-PWD', '******'],
  SMTP_PW: ['PLANTED-SMTP-PW', '******'],
  SIGNING_SALT: ['PLANTED-SALT', '******'],
  OTEL_EXPORTER_OTLP_HEADERS: ['api-key=PLANTED-OTLP-KEY,tenant=t1', 'api-key=******,tenant=t1'],
  SQL_CONNECTION: ['Server=db;User Id=sa;Password=PLANTED SQL,PW;', 'Server=db;User Id=sa;Password=******;'],
  STORAGE_CONNECTION: ['AccountName=acct;AccountKey=PLANTED+AZURE==;', 'AccountName=acct;AccountKey=******;'],
  JDBC_URL: ['jdbc:sqlserver://db:1433;user=sa;password=PLANTED-JDBC;', 'jdbc:sqlserver://db:1433;user=sa;password=******;'],
  APP_SETTINGS: ['{"db":{"password":"PLANTED-JSON"}}', '{"db":{"password":"******"}}'],
  CALLBACK_URL: ['https://app.example.com/cb?password=PLANTED-QUERY&next=/', 'https://app.example.com/cb?password=******&next=/'],
  REPOSITORY_URL: ['https://ghp_PLANTED-USER-TOKEN@github.com/org/repo.git', 'https://******@github.com/org/repo.git'],
  REPLICA_URL: ['postgres://app:PLANTED@AT-PW@db:5432/app', 'postgres://app:******@db:5432/app'],
  KEYBOARD_LAYOUT: ['us', 'us'],
};

/** Arguments appended to this process's argv, and what /environment shows. */
const ARGUMENTS: [planted: string[], shown: string[]] = [
  ['-p', 'PLANTED-ARGV-P', 'DB_PASSWORD=PLANTED-ARGV-ENV'],
  ['-p', '******', 'DB_PASSWORD=******'],
];

const PLANTED = ['PLANTED-', 'PLANTED@', 'PLANTED+', 'PLANTED '];

interface ProcessSection {
  env: Record<string, string>;
  argv: string[];
}

onEachAdapter('secrets in /environment', (adapter) => {
  const argvLength = process.argv.length;
  before(() => {
    for (const [name, [planted]] of Object.entries(VARIABLES)) process.env[name] = planted;
    process.argv.push(...ARGUMENTS[0]);
  });
  after(() => {
    for (const name of Object.keys(VARIABLES)) delete process.env[name];
    process.argv.length = argvLength;
  });

  it('hides secrets in every spelling of variable, value and argument, while PWD, PATH and plain values stay visible', async (t) => {
    const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', environment: { enabled: true } })] });
    const answer = await call(app, '/z/environment');
    assert.equal(answer.status, 200);
    for (const planted of PLANTED) assert.ok(!answer.text.includes(planted), `/z/environment leaks '${planted}…'`);

    const { env, argv } = (answer.body as { process: ProcessSection }).process;
    for (const [name, [, shown]] of Object.entries(VARIABLES)) assert.equal(env[name], shown, name);
    assert.equal(env.PWD, process.env.PWD, 'the working directory is not a password');
    assert.equal(env.PATH, process.env.PATH);
    assert.deepEqual(argv.slice(-3), ARGUMENTS[1]);
  });
});
