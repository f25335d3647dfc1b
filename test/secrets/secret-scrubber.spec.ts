import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, scrubArguments, scrubEnvironment, scrubText, scrubUrls, scrubValue } from '../../src/secrets/secret-scrubber.js';

/** Names whose values are secrets, in the spellings applications use. */
const SECRET_NAMES = [
  'API_KEY',
  'accessToken',
  'PASSWORD',
  'passwd',
  'client_secret',
  'GOOGLE_CREDENTIALS',
  'Authorization',
  'PRIVATE',
  'SessionId',
  'GITHUB_PAT',
  'MYSQL_PWD',
  'DB_PWD',
  'SMTP_PW',
  'SIGNING_SALT',
  'dbPass',
  'x-api-key',
  'AccountKey',
  'APIKey',
  'OAuthToken',
  'oauth',
  'SharedAccessSignature',
  'X-Amz-Signature',
  'sig',
  'SSH_KEYS',
  'API_KEY2',
  '--db-password',
  'PWD',
];

/** Names that only look like secrets to a substring search. */
const PLAIN_NAMES = [
  'HOST',
  'port',
  'DATABASE_URL',
  'user',
  'PATH',
  'PATTERN',
  'KEYBOARD',
  'KEYBOARD_LAYOUT',
  'MONKEY',
  'monkeys',
  'HOCKEY_TEAM',
  'PASSENGERS',
  'COMPASS_HEADING',
  'AUTHOR',
  'npm_package_author_name',
  'SIGTERM_TIMEOUT',
  'OTEL_EXPORTER_OTLP_HEADERS',
];

/** Every form a secret takes inside a text: [input, what is shown]. */
const TEXTS: [string, string][] = [
  // URLs: the password goes, the user stays; a lone user name is usually a token and goes too.
  ['postgres://app:s3cr3t@db:5432/x', 'postgres://app:******@db:5432/x'],
  ['redis://:pw@cache', 'redis://:******@cache'],
  ['postgres://app:p@ss@db:5432/app', 'postgres://app:******@db:5432/app'],
  ['https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo.git', 'https://******@github.com/org/repo.git'],
  ['connect ECONNREFUSED postgres://app:HUNTER2@db:5432', 'connect ECONNREFUSED postgres://app:******@db:5432'],
  ['redis://:a@h1:6379,redis://:b@h2:6379', 'redis://:******@h1:6379,redis://:******@h2:6379'],
  ['https://host/path?user=a', 'https://host/path?user=a'],
  ['see https://docs.example.com/a?b=c#x or mail ops@example.com', 'see https://docs.example.com/a?b=c#x or mail ops@example.com'],
  // Query parameters with secret names, wherever the URL is.
  ['https://app.example.com/cb?password=hunter2&next=/home#top', 'https://app.example.com/cb?password=******&next=/home#top'],
  ['jdbc:mysql://db/app?user=sa&password=hunter2&ssl=true', 'jdbc:mysql://db/app?user=sa&password=******&ssl=true'],
  ['https://acct.blob.core.windows.net/c/b?sv=2020-08-04&se=2030&sig=AbC%2Bd', 'https://acct.blob.core.windows.net/c/b?sv=2020-08-04&se=2030&sig=******'],
  // Connection strings that are not URLs: a value runs to the next `;`, blanks and commas included.
  ['Server=tcp:db,1433;Database=app;User Id=sa;Password=my s3cret,pw;Encrypt=true', 'Server=tcp:db,1433;Database=app;User Id=sa;Password=******;Encrypt=true'],
  [
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc+/Def==;EndpointSuffix=core.windows.net',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=******;EndpointSuffix=core.windows.net',
  ],
  ['jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=hunter2;', 'jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=******;'],
  ['Driver={ODBC Driver 18};Server=db;UID=sa;PWD={p;w};', 'Driver={ODBC Driver 18};Server=db;UID=sa;PWD=******;'],
  ['Host=db;Password="a;b";Pooling=true', 'Host=db;Password=******;Pooling=true'],
  // Header lists and command lines: a value is one word.
  ['api-key=abc123,tenant=t1', 'api-key=******,tenant=t1'],
  ['authorization=Bearer%20abc,x-scope=read', 'authorization=******,x-scope=read'],
  ['DB_PASSWORD=value node app.js', 'DB_PASSWORD=****** node app.js'],
  ['node app.js --db-password=x --port=80', 'node app.js --db-password=****** --port=80'],
  ['password = hunter2', 'password = ******'],
  ['retries=3 timeout=5s PATH=/usr/bin KEYBOARD=us', 'retries=3 timeout=5s PATH=/usr/bin KEYBOARD=us'],
  ['password=', 'password='],
  // JSON: scrubbed as a value and written back; kept as written when nothing is secret.
  ['{"db":{"password":"hunter2","host":"db"}}', '{"db":{"password":"******","host":"db"}}'],
  ['[{"token":"t"}]', '[{"token":"******"}]'],
  ['{"url":"mysql://root:pw@h/d"}', '{"url":"mysql://root:******@h/d"}'],
  ['{"oauth":{"issuer":"x"}}', '{"oauth":"******"}'],
  ['{ "host": "db" }', '{ "host": "db" }'],
  ['{"conn":"{\\"password\\":\\"x\\"}"}', '{"conn":"{\\"password\\":\\"******\\"}"}'],
  // JSON inside a longer text.
  ['unexpected reply {"status":"ok","apiKey":"k-123","n":1} from cache', 'unexpected reply {"status":"ok","apiKey":"******","n":1} from cache'],
  ['{"password": "x", "note": "cut', '{"password": "******", "note": "cut'],
  // An authentication scheme and its credentials are one value; an Authorization header written out too.
  ['HEADER=Authorization=Bearer eyJhbGci.payload.sig', 'HEADER=Authorization=******'],
  ['Authorization=Basic dXNlcjpwYXNz next=1', 'Authorization=****** next=1'],
  ['token=bearer abc,tenant=t1', 'token=******,tenant=t1'],
  ['Server=h;Password=Bearer a b;Database=d', 'Server=h;Password=******;Database=d'],
  ['curl -H "Authorization: Bearer abc.def" https://h/', 'curl -H "Authorization: Bearer ******" https://h/'],
  ['Proxy-Authorization:Basic dXNlcjpwYXNz, then', 'Proxy-Authorization:Basic ******, then'],
  ['Authorization=Bearer', 'Authorization=******'],
];

/** Command lines: [argv, what is shown]. */
const COMMAND_LINES: [string[], string[]][] = [
  [
    ['node', 'app.js', '--api-key=abc', '--token', 'xyz', '--port', '80', 'amqp://u:p@h', '--auth'],
    ['node', 'app.js', '--api-key=******', '--token', '******', '--port', '80', 'amqp://u:******@h', '--auth'],
  ],
  [['mysql', '-u', 'root', '-p', 'hunter2', '-P', '3306'], ['mysql', '-u', 'root', '-p', '******', '-P', '3306']],
  [['mysql', '-phunter2', 'app'], ['mysql', '-p******', 'app']],
  [['mysql', '-p', '--verbose'], ['mysql', '-p', '--verbose']],
  [['env', 'DB_PASSWORD=value', 'node'], ['env', 'DB_PASSWORD=******', 'node']],
  [['app', '--password=two words'], ['app', '--password=******']],
  [['app', '--config={"db":{"password":"x"}}'], ['app', '--config={"db":{"password":"******"}}']],
  [['app', '--output', '/tmp/key-file', '-v'], ['app', '--output', '/tmp/key-file', '-v']],
  [['app', '--header', 'Authorization=Bearer TOKEN', 'X=Authorization=Bearer TOKEN'], ['app', '--header', 'Authorization=******', 'X=Authorization=******']],
];

describe('secret scrubbing', () => {
  it('a name is secret when one of its words (split at _ - . and camelCase) names a secret', () => {
    for (const name of SECRET_NAMES) assert.ok(isSecretName(name), `${name} is secret`);
    for (const name of PLAIN_NAMES) assert.ok(!isSecretName(name), `${name} is not secret`);
  });

  it('every form of secret in a text is hidden, and nothing else changes', () => {
    for (const [input, expected] of TEXTS) assert.equal(scrubText(input), expected, input);
  });

  it('scrubUrls hides URL credentials only', () => {
    assert.equal(
      scrubUrls('primary postgres://app:s3cr3t@db:5432/x and amqp://guest:guest@mq/ and redis://:pw@cache?password=x'),
      'primary postgres://app:******@db:5432/x and amqp://guest:******@mq/ and redis://:******@cache?password=x',
    );
  });

  it('scrubs nested values by key and every string as text, and survives cycles, BigInt and functions', () => {
    const config: Record<string, unknown> = {
      db: { url: 'mysql://root:rootpw@h/d', password: 'x', replicas: ['postgres://r:replica-pw@r1/d'], odbc: 'Server=h;Pwd=y' },
      tokens: ['a', 'b'],
      count: 10n,
      callback: () => 1,
    };
    config.self = config;
    assert.deepEqual(scrubValue(config), {
      db: { url: 'mysql://root:******@h/d', password: '******', replicas: ['postgres://r:******@r1/d'], odbc: 'Server=h;Pwd=******' },
      tokens: '******',
      count: '10',
      callback: undefined,
      self: '[circular]',
    });
  });

  it('scrubs environment variables by name and their values as text; the shell working directories stay visible', () => {
    assert.deepEqual(
      scrubEnvironment({
        B_SECRET: 'x',
        A_URL: 'http://u:p@h',
        EMPTY_TOKEN: '',
        PWD: '/srv/app',
        OLDPWD: '/home/app',
        DB_PWD: 'x',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc,tenant=t1',
        EXTRA_HEADERS: 'Authorization=Bearer TOKEN',
        SETTINGS: '{"db":{"password":"x"}}',
      }),
      {
        A_URL: 'http://u:******@h',
        B_SECRET: '******',
        DB_PWD: '******',
        EMPTY_TOKEN: '',
        EXTRA_HEADERS: 'Authorization=******',
        OLDPWD: '/home/app',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=******,tenant=t1',
        PWD: '/srv/app',
        SETTINGS: '{"db":{"password":"******"}}',
      },
    );
  });

  it('scrubs secret options, name=value arguments and the value of -p in a command line', () => {
    for (const [argv, expected] of COMMAND_LINES) assert.deepEqual(scrubArguments(argv), expected, argv.join(' '));
  });

  it('a 256 KiB text of any shape is scrubbed in linear time (a remote body is scrubbed on every execution)', () => {
    const size = 256 * 1024;
    for (const text of ['a.'.repeat(size / 2) + '://x @', 'password='.repeat(size / 9), '"k":"'.repeat(size / 5), 'a=b;'.repeat(size / 4)]) {
      const started = performance.now();
      scrubText(text);
      assert.ok(performance.now() - started < 1_000, `${text.slice(0, 12)}… took ${Math.round(performance.now() - started)} ms`);
    }
  });
});
