import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get } from '@nestjs/common';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

@Controller('orders')
class OrdersController {
  @Get()
  list() {
    return [];
  }
}

const PATHS = ['/z/health', '/z/health/liveness', '/z/health/readiness', '/z/health/db', '/z/info', '/z/version'];

onEachAdapter('a global prefix and the management paths', (adapter) => {
  // 'z/{*path}' is the path-to-regexp 8 wildcard of Nest 11 and 12; the legacy 'z/(.*)' works too, 'z' alone does not.
  for (const exclude of ['z/{*path}', 'z/(.*)']) {
    it(`setGlobalPrefix('api', { exclude: ['${exclude}'] }) leaves every management route at /z`, async (t) => {
      const app = await startApp(
        adapter,
        { imports: [ManagementModule.forRoot({ version: '1.0.0' })], controllers: [OrdersController], providers: [healthCheckProvider('db', () => true)] },
        { configure: (nest) => nest.setGlobalPrefix('api', { exclude: [exclude] }) },
      );
      t.after(() => app.close());
      assert.equal((await app.request('/api/orders')).status, 200, "the application's routes get the prefix");
      for (const path of PATHS) {
        assert.equal((await app.request(path)).status, 200, path);
        assert.equal((await app.request(`/api${path}`)).status, 404, `/api${path}`);
      }
    });
  }

  it('without an exclude the prefix applies to them too; with a management port it never does', async (t) => {
    const prefixed = await startApp(adapter, { imports: [ManagementModule.forRoot()] }, { configure: (nest) => nest.setGlobalPrefix('api') });
    t.after(() => prefixed.close());
    assert.equal((await prefixed.request('/api/z/health')).status, 200);
    assert.equal((await prefixed.request('/z/health')).status, 404);
    const ownPort = await startApp(adapter, { imports: [ManagementModule.forRoot({ port: 0, address: '127.0.0.1' })] }, { configure: (nest) => nest.setGlobalPrefix('api') });
    t.after(() => ownPort.close());
    assert.equal((await fetch(`${ownPort.app.get(ManagementServer).url}/z/health`)).status, 200);
  });
});
