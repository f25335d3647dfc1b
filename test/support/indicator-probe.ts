import type { TestContext } from 'node:test';
import { ManagementModule } from '../../src/index.js';
import type { HealthCheckRegistration } from '../../src/index.js';
import { call } from './health-fixtures.js';
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
