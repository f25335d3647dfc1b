import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { ManagementModule } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import { call, started, withoutTiming } from '../support/health-fixtures.js';
import { json, suitePeers } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

const REMOTE_UP = {
  status: 'UP',
  components: {
    db: { status: 'UP', details: { url: 'postgres://app:REMOTE-PW@db:5432/app', apiKey: 'REMOTE-KEY', pool: 'Host=db;Password=REMOTE-POOL-PW' } },
  },
};
const REMOTE_UP_SCRUBBED = {
  status: 'UP',
  components: { db: { status: 'UP', details: { url: 'postgres://app:******@db:5432/app', apiKey: '******', pool: 'Host=db;Password=******' } } },
};

const API_KEY = { 'X-Api-Key': 'DEPENDENCY-KEY', Authorization: 'Bearer DEPENDENCY-TOKEN' };

async function appWith(t: TestContext, adapter: AdapterName, serviceDependencies: ManagementModuleOptions['serviceDependencies']) {
  return started(t, adapter, { imports: [ManagementModule.forRoot({ serviceDependencies, timeout: 1000, ttl: 0, showDetails: 'always' })] });
}

onEachAdapter('secrets and service dependencies', (adapter) => {
  const peer = suitePeers();

  it("a dependency's body is shown with its URL passwords and secret-named values scrubbed, UP or DOWN", async (t) => {
    const up = await peer(json(200, REMOTE_UP));
    const down = await peer(json(503, { ...REMOTE_UP, status: 'DOWN' }));
    const app = await appWith(t, adapter, { users_api: up.url, orders_api: down.url });

    const users = await call(app, '/z/health/users_api');
    assert.equal(users.status, 200);
    assert.deepEqual(withoutTiming(users.body), { status: 'UP', details: REMOTE_UP_SCRUBBED });

    const orders = await call(app, '/z/health/orders_api');
    assert.equal(orders.status, 503);
    assert.deepEqual(withoutTiming(orders.body), {
      status: 'DOWN',
      details: {
        url: down.url,
        httpStatus: 503,
        body: { ...REMOTE_UP_SCRUBBED, status: 'DOWN' },
        error: 'answered HTTP 503 with status DOWN; expected HTTP 200 and "UP"',
      },
    });
    const health = await call(app, '/z/health');
    for (const secret of ['REMOTE-PW', 'REMOTE-KEY', 'REMOTE-POOL-PW']) assert.ok(!health.text.includes(secret), `/z/health leaks '${secret}'`);
  });

  it("a redirect to another origin carries neither the dependency's headers nor Authorization", async (t) => {
    const seenByOther: IncomingHttpHeaders[] = [];
    const other = await peer((request, response) => {
      seenByOther.push(request.headers);
      json(200, { status: 'UP' })(request, response);
    });
    const seenByFirst: IncomingHttpHeaders[] = [];
    const first = await peer((request, response) => {
      seenByFirst.push(request.headers);
      response.writeHead(302, { Location: `${other.url}/moved` });
      response.end();
    });
    const app = await appWith(t, adapter, { users_api: { url: first.url, headers: API_KEY } });

    const users = await call(app, '/z/health/users_api');
    assert.equal(users.status, 200);
    assert.equal(seenByFirst.length, 1);
    assert.equal(seenByFirst[0]!['x-api-key'], 'DEPENDENCY-KEY');
    assert.equal(seenByFirst[0]!.authorization, 'Bearer DEPENDENCY-TOKEN');
    assert.deepEqual(other.requests, ['/moved']);
    assert.equal(seenByOther[0]!['x-api-key'], undefined, 'the API key stays with its origin');
    assert.equal(seenByOther[0]!.authorization, undefined, 'so does Authorization');
    assert.equal(seenByOther[0]!.accept, 'application/json');
  });

  it('a redirect within the origin keeps them', async (t) => {
    const seen: IncomingHttpHeaders[] = [];
    const server = await peer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/admin') {
        response.writeHead(302, { Location: '/admin/moved' });
        response.end();
      } else {
        json(200, { status: 'UP' })(request, response);
      }
    });
    const app = await appWith(t, adapter, { users_api: { url: `${server.url}/admin`, headers: API_KEY } });

    assert.equal((await call(app, '/z/health/users_api')).status, 200);
    assert.deepEqual(server.requests, ['/admin', '/admin/moved']);
    assert.deepEqual(
      seen.map((headers) => [headers['x-api-key'], headers.authorization]),
      [
        ['DEPENDENCY-KEY', 'Bearer DEPENDENCY-TOKEN'],
        ['DEPENDENCY-KEY', 'Bearer DEPENDENCY-TOKEN'],
      ],
    );
  });

  it('once a redirect has left the origin, a redirect back to it carries none of them either', async (t) => {
    const seen: IncomingHttpHeaders[] = [];
    let homeUrl = '';
    const other = await peer((request, response) => {
      seen.push(request.headers);
      response.writeHead(302, { Location: `${homeUrl}/back` }).end();
    });
    const home = await peer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/admin') response.writeHead(307, { Location: `${other.url}/away` }).end();
      else json(200, { status: 'UP' })(request, response);
    });
    homeUrl = home.url;
    const app = await appWith(t, adapter, { users_api: { url: `http://monitor:pw@${new URL(home.url).host}/admin`, headers: API_KEY } });

    assert.equal((await call(app, '/z/health/users_api')).status, 200);
    assert.deepEqual([home.requests, other.requests], [['/admin', '/back'], ['/away']]);
    assert.deepEqual(
      seen.map((headers) => [headers['x-api-key'], typeof headers.authorization]),
      [['DEPENDENCY-KEY', 'string'], [undefined, 'undefined'], [undefined, 'undefined']],
    );
  });
});
