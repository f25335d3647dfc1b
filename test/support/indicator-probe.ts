import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementModule } from '../../src/index.js';
import type { HealthCheckRegistration } from '../../src/index.js';
import { call } from './health-fixtures.js';
import type { StallableProxy } from './stalled-server.js';
import { startApp } from './test-app.js';
import type { TestApp } from './test-app.js';

/** One component as /health/{name} shows it with details. */
export interface Component {
  readonly status: string;
  readonly details?: Record<string, unknown> & { error?: string; latencyMs?: number };
}

/**
 * Cleanups run one after another, last added first, once the test ends: apps before clients,
 * clients before the servers they talk to.
 */
export function cleanups(t: TestContext): (cleanup: () => unknown) => void {
  const stack: Array<() => unknown> = [];
  t.after(async () => {
    for (const cleanup of stack.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
  });
  return (cleanup) => stack.push(cleanup);
}

/** A real app (Express) whose only check is `registration`, with details shown and no caching. */
export async function appWith(registration: HealthCheckRegistration, atEnd: (cleanup: () => unknown) => void): Promise<TestApp> {
  const app = await startApp('express', {
    imports: [ManagementModule.forRoot({ showDetails: 'always', ttl: 0, checks: [registration] })],
  });
  atEnd(() => app.close());
  return app;
}

/** What /z/health/{name} answers; the status code must agree with the status. */
export async function component(app: TestApp, name: string): Promise<Component> {
  const answer = await call(app, `/z/health/${name}`);
  const body = answer.body as Component;
  const expected = body.status === 'UP' ? 200 : 503;
  if (answer.status !== expected) throw new Error(`HTTP ${answer.status} for status ${body.status}`);
  return body;
}

/** The runner's reason for a check that outlived `timeout` ms. */
export function timedOut(timeout: number): RegExp {
  return new RegExp(`^check did not finish within ${timeout} ms$`);
}

/**
 * The runner's answer while the execution that outlived its timeout still runs: the check is not
 * started again, so a stalled connection is sent nothing more.
 */
export function stillRunning(): RegExp {
  return /^previous execution still running \(for \d+ ms, past its timeout\); not started again until it settles$/;
}

/** `name`'s component is DOWN (with the status code to match) and its error matches `reason`. */
export async function assertDown(app: TestApp, name: string, reason: RegExp): Promise<Component> {
  const result = await component(app, name);
  assert.equal(result.status, 'DOWN');
  assert.match(result.details?.error ?? '', reason);
  return result;
}

/**
 * The stall every driver indicator must survive: UP through `proxy`; then the proxy stops
 * forwarding, the next probe is DOWN within `timeout` with its `request` (a query, a PING, a
 * channel open) held by the stalled connection, and the probe after it is answered at once with
 * 'previous execution still running' without sending anything more.
 */
export async function assertStallHoldsOneRequest(app: TestApp, name: string, proxy: StallableProxy, timeout: number, request: string): Promise<void> {
  assert.equal((await component(app, name)).status, 'UP');
  proxy.stall();
  await assertDown(app, name, timedOut(timeout));
  const held = proxy.bytesHeld;
  assert.ok(held > 0, `the first ${request} reached the stalled connection`);
  await assertDown(app, name, stillRunning());
  assert.equal(proxy.bytesHeld, held, `the second probe joined the pending ${request} instead of sending another`);
}
