import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { ManagementModule } from '../../src/index.js';
import { started } from '../support/health-fixtures.js';
import { suitePeers } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';

onEachAdapter("the module's client and kept-alive connections", (adapter) => {
  const peer = suitePeers();

  it('a dependency that closes a kept-alive connection as the next check arrives is still UP: the check is sent again on a new one', async (t) => {
    const served = new WeakMap<Socket, number>();
    const sockets = new Set<Socket>();
    // Answers the first request on each connection and drops the connection on the second, the way
    // a server whose idle timeout runs out just as a request arrives does.
    const remote = await peer((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      sockets.add(request.socket);
      if (count > 1) return void request.socket.destroy();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"UP"}');
    });
    const app = await started(t, adapter, {
      imports: [ManagementModule.forRoot({ ttl: 0, showDetails: 'always', serviceDependencies: { remote: remote.url } })],
    });

    for (let check = 1; check <= 3; check++) {
      const answer = await app.request('/z/health/remote');
      const body = (await answer.json()) as { status: string; details?: { error?: string } };
      assert.equal(body.status, 'UP', `check ${check}: ${body.details?.error ?? ''}`);
    }
    assert.equal(remote.requests.length, 5, 'each check after the first met a closed connection once, then a new one');
    assert.equal(sockets.size, 3, 'one connection per check');
  });
});
