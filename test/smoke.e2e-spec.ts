import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { HealthCheck, ManagementModule } from '../src/index.js';
import type { HealthIndicator } from '../src/index.js';
import { onEachAdapter, startApp } from './support/test-app.js';

@HealthCheck('db')
@Injectable()
class DbHealth implements HealthIndicator {
  check() { return { details: { rows: 1 } }; }
}

onEachAdapter('smoke', (adapter) => {
  it('works', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always' })], providers: [DbHealth] });
    t.after(() => app.close());
    for (const path of ['/z/health', '/z/health/readiness', '/z/health/liveness', '/z/health/db', '/z/health/nope', '/z/version']) {
      const res = await app.request(path);
      console.log(adapter, path, res.status, res.headers.get('content-type'), res.headers.get('cache-control'), await res.text());
    }
    const head = await app.request('/z/health', { method: 'HEAD' });
    console.log('HEAD', head.status, head.headers.get('content-length'));
    assert.ok(true);
  });
});
