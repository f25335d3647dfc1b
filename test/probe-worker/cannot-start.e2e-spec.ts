import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startManagementChildApp } from '../support/management-child-app.js';

const flags = process.allowedNodeEnvironmentFlags;
/** Node's permission model with everything the application needs but worker threads. */
const WITHOUT_WORKERS = [
  flags.has('--permission') ? '--permission' : '--experimental-permission',
  '--allow-fs-read=*',
  ...(flags.has('--allow-net') ? ['--allow-net'] : []),
];

describe('probe worker that cannot start', () => {
  it("under Node's permission model without --allow-worker, the start-up warning says why and what to do, and the main thread serves the probes", { timeout: 30_000 }, async (t) => {
    const app = await startManagementChildApp('bundled-app', { NO_COLOR: '1' }, { execArgv: WITHOUT_WORKERS });
    t.after(() => app.stop());
    assert.equal(app.usesWorker, false);
    assert.match(
      app.printed(),
      /The probe worker could not start \(.+\); serving the management port on the main thread instead, where a busy event loop delays the probes\. Node's permission model forbids worker threads: start node with --allow-worker, or set 'probes: \{ worker: false \}'/,
    );
    const liveness = await fetch(`${app.managementUrl}/z/health/liveness`);
    assert.deepEqual({ status: liveness.status, text: await liveness.text() }, { status: 200, text: '{"status":"UP"}' });
  });
});
