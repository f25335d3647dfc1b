import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule, ManagementServer } from '../../src/index.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import type { AdapterName, TestApp } from '../support/test-app.js';

const TOKEN = { 'x-token': 'open-sesame' };
const byToken = (request: unknown) => (request as { headers: Record<string, string | undefined> }).headers['x-token'] === 'open-sesame';
const ENDPOINTS = ['heapdump', 'profile?seconds=1', 'report'] as const;
const DIAGNOSTICS = { heapdump: true, profile: true, report: true };

/** The app's port, or (with `port: 0`) the management port the probe worker serves. */
async function doorOf(adapter: AdapterName, door: 'application' | 'management'): Promise<{ app: TestApp; url: string }> {
  const extras = door === 'management' ? { port: 0, address: '127.0.0.1' } : {};
  const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ ...extras, authorizer: byToken, diagnostics: DIAGNOSTICS })] });
  const server = app.app.get(ManagementServer);
  if (door === 'management') assert.ok(server.usesWorker, 'the probe worker serves the management port');
  return { app, url: door === 'management' ? server.url! : app.baseUrl };
}

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

onEachAdapter('/heapdump, /profile and /report access', (adapter) => {
  for (const door of ['application', 'management'] as const) {
    it(`on the ${door} port: 403 without the authorizer's yes, 403 cross-site even with it, 200 with it`, { timeout: 60_000 }, async (t) => {
      const { app, url } = await doorOf(adapter, door);
      t.after(() => app.close());
      for (const endpoint of ENDPOINTS) {
        const path = `/${endpoint.split('?')[0]}`;
        const anonymous = await fetch(`${url}/z/${endpoint}`);
        assert.equal(anonymous.status, 403, `${endpoint} anonymous`);
        assert.equal(await messageOf(anonymous), `${path} needs an authorized request: the 'authorizer' must accept it (and its address, if 'access.allow' is set, be on it).`);
        const wrong = await fetch(`${url}/z/${endpoint}`, { headers: { 'x-token': 'guess' } });
        assert.equal(wrong.status, 403, `${endpoint} with a wrong token`);
        for (const crossSite of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
          const forged = await fetch(`${url}/z/${endpoint}`, { headers: { ...TOKEN, ...crossSite } });
          assert.equal(forged.status, 403, `${endpoint} with ${JSON.stringify(crossSite)}`);
          assert.match(await messageOf(forged), /cross-site|Origin/i);
        }
      }
      const report = await fetch(`${url}/z/report`, { headers: TOKEN });
      assert.equal(report.status, 200);
      assert.ok(((await report.json()) as { header: object }).header);
      const profile = await fetch(`${url}/z/profile?seconds=1`, { headers: TOKEN });
      assert.equal(profile.status, 200);
      assert.ok(((await profile.json()) as { nodes: unknown[] }).nodes.length > 0);
    });
  }

  it('each is off (404 naming its option) unless diagnostics turns it on', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken })] });
    t.after(() => app.close());
    for (const name of ['heapdump', 'profile', 'report']) {
      const response = await app.request(`/z/${name}`, { headers: TOKEN });
      assert.equal(response.status, 404);
      assert.equal(await messageOf(response), `/${name} is off; enable it with the 'diagnostics.${name}' option.`);
    }
  });

  it('/profile: 400 naming a bad parameter; one recording at a time (409 with the seconds left), through the probe worker', { timeout: 30_000 }, async (t) => {
    const { app, url } = await doorOf(adapter, 'management');
    t.after(() => app.close());
    for (const seconds of ['0', '61', 'ten', '1.5', '']) {
      const response = await fetch(`${url}/z/profile?seconds=${seconds}`, { headers: TOKEN });
      assert.equal(response.status, 400, `seconds=${seconds}`);
      assert.equal(await messageOf(response), `Query parameter 'seconds' must be a whole number of seconds from 1 to 60, got '${seconds}'.`);
    }
    const badType = await fetch(`${url}/z/profile?type=memory`, { headers: TOKEN });
    assert.equal(badType.status, 400);
    assert.equal(await messageOf(badType), "Query parameter 'type' must be 'cpu' (the default) or 'heap', got 'memory'.");

    const first = fetch(`${url}/z/profile?seconds=3&type=heap`, { headers: TOKEN });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await fetch(`${url}/z/profile?seconds=1`, { headers: TOKEN });
    assert.equal(second.status, 409);
    assert.match(second.headers.get('retry-after')!, /^[1-3]$/);
    assert.match(await messageOf(second), /^A heap profile is already recording \(about [1-3] s left\); ask again when it is done \(one at a time\)\.$/);
    const recorded = await first;
    assert.equal(recorded.status, 200);
    assert.ok(((await recorded.json()) as { head: object }).head);
  });
});
