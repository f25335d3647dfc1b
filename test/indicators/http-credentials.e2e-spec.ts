import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule, httpCheck } from '../../src/index.js';
import type { HealthCheckRegistration } from '../../src/index.js';
import { call, started, withoutTiming } from '../support/health-fixtures.js';
import { startPeer } from '../support/peer-server.js';
import type { PeerServer } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';
import type { AdapterName } from '../support/test-app.js';

/** A server that answers 200 only to `monitor` with password `p@ss word`, and remembers every Authorization it got. */
async function basicAuthServer(t: TestContext): Promise<PeerServer & { authorizations: (string | undefined)[] }> {
  const expected = `Basic ${Buffer.from('monitor:p@ss word').toString('base64')}`;
  const authorizations: (string | undefined)[] = [];
  const server = await startPeer((request, response) => {
    authorizations.push(request.headers.authorization);
    if (request.headers.authorization === expected) {
      response.writeHead(200).end('ok');
    } else {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="status"' }).end();
    }
  });
  t.after(() => server.close());
  return Object.assign(server, { authorizations });
}

async function componentOf(t: TestContext, adapter: AdapterName, check: HealthCheckRegistration) {
  const app = await started(t, adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always', ttl: 0, checks: [check] })] });
  const answer = await call(app, '/z/health/status_page');
  const component = withoutTiming(answer.body) as { status: string; details: Record<string, unknown> };
  const { latencyMs, ...details } = component.details;
  assert.equal(typeof latencyMs, 'number', 'latencyMs is a number');
  return { code: answer.status, body: { status: component.status, details } };
}

onEachAdapter('HTTP indicator with credentials in its URL', (adapter) => {
  it('sends them as Basic authorization to a server that requires it, and is UP; the URL shows no password', async (t) => {
    const server = await basicAuthServer(t);
    const { code, body } = await componentOf(t, adapter, httpCheck('status_page', `http://monitor:p%40ss%20word@${server.host}/status`));
    assert.equal(code, 200);
    assert.deepEqual(body, {
      status: 'UP',
      details: { url: `http://monitor:******@${server.host}/status`, expectedStatus: '200-299', httpStatus: 200 },
    });
    assert.deepEqual(server.requests, ['/status']);
    assert.deepEqual(server.authorizations, [`Basic ${Buffer.from('monitor:p@ss word').toString('base64')}`]);
  });

  it('wrong credentials are DOWN with the 401', async (t) => {
    const server = await basicAuthServer(t);
    const { code, body } = await componentOf(t, adapter, httpCheck('status_page', `http://monitor:wrong@${server.host}/status`));
    assert.equal(code, 503);
    assert.deepEqual(body, {
      status: 'DOWN',
      details: { url: `http://monitor:******@${server.host}/status`, expectedStatus: '200-299', httpStatus: 401, error: 'answered HTTP 401; expected 200-299' },
    });
  });

  it('an Authorization header in the options wins over credentials in the URL', async (t) => {
    const server = await basicAuthServer(t);
    const check = httpCheck('status_page', `http://monitor:p%40ss%20word@${server.host}/status`, {
      headers: { authorization: 'Bearer from-options' },
      expectedStatus: 401,
    });
    const { code, body } = await componentOf(t, adapter, check);
    assert.equal(code, 200);
    assert.equal(body.status, 'UP');
    assert.deepEqual(server.authorizations, ['Bearer from-options']);
  });

  it('keeps its headers and credentials on its own origin: a redirect to another host gets none of them', async (t) => {
    const seenElsewhere: Record<string, unknown>[] = [];
    const elsewhere = await startPeer((request, response) => {
      seenElsewhere.push(request.headers);
      response.writeHead(200).end('ok');
    });
    t.after(() => elsewhere.close());
    const seenHome: Record<string, unknown>[] = [];
    const home = await startPeer((request, response) => {
      seenHome.push(request.headers);
      // First a redirect within the origin (headers kept), then one to another host (headers dropped).
      const location = request.url === '/status' ? '/status/moved' : `http://localhost:${new URL(elsewhere.url).port}/landing`;
      response.writeHead(302, { Location: location }).end();
    });
    t.after(() => home.close());
    const check = httpCheck('status_page', `http://monitor:secret@${home.host}/status`, { headers: { 'X-Api-Key': 'k-123' } });
    const { code } = await componentOf(t, adapter, check);
    assert.equal(code, 200);
    assert.deepEqual(home.requests, ['/status', '/status/moved']);
    for (const headers of seenHome) {
      assert.equal(headers['x-api-key'], 'k-123', 'kept on its own origin');
      assert.match(String(headers.authorization), /^Basic /);
    }
    assert.deepEqual(elsewhere.requests, ['/landing']);
    assert.equal(seenElsewhere[0]!['x-api-key'], undefined, 'the API key does not leave its origin');
    assert.equal(seenElsewhere[0]!.authorization, undefined, 'nor do the credentials');
  });

  it('once a redirect has left its origin, a redirect back to it carries none of them either', async (t) => {
    const seen: Record<string, unknown>[] = [];
    let homeUrl = '';
    const elsewhere = await startPeer((request, response) => {
      seen.push(request.headers);
      response.writeHead(302, { Location: `${homeUrl}/back` }).end();
    });
    t.after(() => elsewhere.close());
    const home = await startPeer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/status') response.writeHead(307, { Location: `${elsewhere.url}/away` }).end();
      else response.writeHead(200).end('ok');
    });
    t.after(() => home.close());
    homeUrl = home.url;
    const check = httpCheck('status_page', `http://monitor:secret@${home.host}/status`, { headers: { 'X-Api-Key': 'k-123' } });
    assert.equal((await componentOf(t, adapter, check)).code, 200);
    assert.deepEqual([home.requests, elsewhere.requests], [['/status', '/back'], ['/away']]);
    assert.deepEqual(
      seen.map((headers) => [headers['x-api-key'], typeof headers.authorization]),
      [['k-123', 'string'], [undefined, 'undefined'], [undefined, 'undefined']],
    );
  });

  it('a redirect loop is DOWN after 5 redirects', async (t) => {
    const loop = await startPeer((request, response) => response.writeHead(302, { Location: request.url ?? '/' }).end());
    t.after(() => loop.close());
    const { code, body } = await componentOf(t, adapter, httpCheck('status_page', `${loop.url}/status`));
    assert.equal(code, 503);
    assert.equal(body.details.error, 'request failed: more than 5 redirects');
    assert.equal(loop.requests.length, 6);
  });
});
