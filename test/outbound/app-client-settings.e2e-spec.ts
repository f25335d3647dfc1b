import { it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import axios from 'axios';
import { httpCheck, ManagementModule } from '../../src/index.js';
import { started } from '../support/health-fixtures.js';
import { suitePeers } from '../support/peer-server.js';
import type { PeerServer } from '../support/peer-server.js';
import { onEachAdapter } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

/** Where Node's built-in fetch looks up its dispatcher; undici's `setGlobalDispatcher` writes here. */
const FETCH_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

interface Dispatcher {
  dispatch(options: { origin?: unknown }, handler: unknown): boolean;
}

/**
 * What an application commonly sets up for its own calls: a bearer token and an interceptor on
 * axios's defaults, a proxy for axios, and a fetch dispatcher (here one that watches every call).
 * Returns the origins the dispatcher saw; undone after the test.
 */
function applicationClientSettings(t: TestContext, proxy: PeerServer): string[] {
  const dispatched: string[] = [];
  const globals = globalThis as unknown as Record<symbol, Dispatcher>;
  const original = globals[FETCH_DISPATCHER]!;
  globals[FETCH_DISPATCHER] = new Proxy(original, {
    get(target, key) {
      if (key === 'dispatch') {
        return (options: { origin?: unknown }, handler: unknown) => {
          dispatched.push(String(options.origin));
          return target.dispatch(options, handler);
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  axios.defaults.headers.common.Authorization = 'Bearer internal-api-token-123';
  axios.defaults.proxy = { protocol: 'http', host: '127.0.0.1', port: Number(new URL(proxy.url).port) };
  const interceptor = axios.interceptors.request.use((config) => {
    config.headers.set('X-App-Interceptor', 'yes');
    return config;
  });
  t.after(() => {
    globals[FETCH_DISPATCHER] = original;
    delete axios.defaults.headers.common.Authorization;
    axios.defaults.proxy = undefined;
    axios.interceptors.request.eject(interceptor);
  });
  return dispatched;
}

onEachAdapter("the module's outbound calls and the application's client settings", (adapter) => {
  const peer = suitePeers();

  it("no axios default, interceptor or proxy and no fetch dispatcher of the application reaches a dependency, httpCheck's URL, the webhook or Spring Boot Admin", async (t) => {
    const received: { path: string; headers: IncomingHttpHeaders }[] = [];
    const receiver = await peer((request, response) => {
      received.push({ path: request.url ?? '', headers: request.headers });
      request.resume();
      if (request.url === '/instances') return void response.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":"abc"}');
      // The site answers 500, so it is DOWN from the start and the webhook has news to send.
      if (request.url === '/site') return void response.writeHead(500).end();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"UP"}');
    });
    const proxy = await peer((_request, response) => response.writeHead(502).end());
    // Node's fetch creates its dispatcher on first use; the watch wraps it.
    await (await fetch(`${proxy.url}/warm-up`)).arrayBuffer();
    const dispatched = applicationClientSettings(t, proxy);

    const app = await started(t, adapter, {
      imports: [
        ManagementModule.forRoot({
          ttl: 0,
          serviceDependencies: { orders_api: `${receiver.url}/orders` },
          checks: [httpCheck('site', `${receiver.url}/site`)],
          notifications: { webhook: { url: `${receiver.url}/hook` } },
          springBootAdmin: { url: receiver.url },
        }),
      ],
    });
    assert.equal((await app.request('/z/health')).status, 503);
    const paths = () => Promise.resolve([...new Set(received.map((call) => call.path))]);
    await waitUntil('every outbound call arrived', paths, (seen) => ['/orders', '/site', '/hook', '/instances'].every((path) => seen.includes(path)));

    for (const { path, headers } of received) {
      assert.equal(headers.authorization, undefined, `${path} got the application's axios Authorization`);
      assert.equal(headers['x-app-interceptor'], undefined, `${path} went through the application's axios interceptor`);
    }
    assert.deepEqual(proxy.requests, ['/warm-up'], "nothing went through the application's axios proxy");
    assert.ok(!dispatched.includes(receiver.url), "nothing went through the application's fetch dispatcher");
  });
});
