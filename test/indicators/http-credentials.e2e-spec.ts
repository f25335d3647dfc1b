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
});
