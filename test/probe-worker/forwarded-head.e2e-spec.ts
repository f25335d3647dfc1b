import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

onEachAdapter('requests the probe worker forwards', (adapter) => {
  it('a forwarded HEAD carries the Content-Length of the GET body, as the main-thread server sends it', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1', version: '4.5.6-build.7' })] });
    t.after(() => app.close());
    const server = app.app.get(ManagementServer);
    assert.equal(server.usesWorker, true);
    for (const path of ['/z/version', '/z/info']) {
      const get = await fetch(`${server.url}${path}`);
      const length = Buffer.byteLength(await get.text());
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(length), `HEAD ${path}`);
      assert.equal(await head.text(), '');
    }
  });
});
