import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationAvailability, ManagementModule } from '../../src/index.js';
import type { AvailabilityChange } from '../../src/index.js';
import { call, healthCheckProvider } from '../support/health-fixtures.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

onEachAdapter('availability', (adapter) => {
  it('startup and readiness stay OUT_OF_SERVICE until the startup checks pass; liveness is UP from the first answer', async (t) => {
    let warmedUp = false;
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ showDetails: 'always' })],
      providers: [healthCheckProvider('cache-warm', () => warmedUp, { groups: ['startup'], ttl: 0 })],
    });
    t.after(() => app.close());
    assert.equal((await call(app, '/z/health/liveness')).status, 200);
    const startup = await call(app, '/z/health/startup');
    assert.equal(startup.status, 503);
    assert.equal((startup.body as { status: string }).status, 'DOWN');
    const readiness = await call(app, '/z/health/readiness');
    assert.equal(readiness.status, 503);
    const components = (readiness.body as { components: Record<string, { status: string; details?: unknown }> }).components;
    assert.equal(components['cache-warm']!.status, 'DOWN', 'readiness runs the startup checks until they pass');
    assert.deepEqual(components.readinessState, { status: 'OUT_OF_SERVICE', details: { reason: 'the application is starting' } });
    assert.equal(app.app.get(ApplicationAvailability).startup, 'STARTING');

    warmedUp = true;
    assert.equal((await call(app, '/z/health/startup')).status, 200);
    assert.equal((await call(app, '/z/health/readiness')).status, 200);
    assert.equal(app.app.get(ApplicationAvailability).startup, 'STARTED');
    warmedUp = false;
    const later = (await call(app, '/z/health/readiness')).body as { components: Record<string, unknown> };
    assert.equal(later.components['cache-warm'], undefined, 'once started, readiness no longer runs startup checks');
  });

  it('the application can refuse traffic and accept it again, and other providers see each change', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ showDetails: 'always' })] });
    t.after(() => app.close());
    const availability = app.app.get(ApplicationAvailability);
    const changes: AvailabilityChange[] = [];
    const subscription = availability.changes.subscribe((change) => changes.push(change));
    t.after(() => subscription.unsubscribe());

    availability.refuseTraffic('warming the cache');
    const refused = await call(app, '/z/health/readiness');
    assert.equal(refused.status, 503);
    assert.deepEqual((refused.body as { components: Record<string, unknown> }).components.readinessState, {
      status: 'OUT_OF_SERVICE',
      details: { reason: 'warming the cache' },
    });
    assert.equal((await call(app, '/z/health/liveness')).status, 200, 'liveness is not readiness');
    assert.equal(availability.readiness, 'REFUSING_TRAFFIC');

    availability.acceptTraffic();
    assert.equal((await call(app, '/z/health/readiness')).status, 200);
    availability.markBroken('corrupt state');
    const liveness = await call(app, '/z/health/liveness');
    assert.equal(liveness.status, 503);
    assert.equal((liveness.body as { status: string }).status, 'DOWN');
    availability.markCorrect();
    assert.equal((await call(app, '/z/health/liveness')).status, 200);

    assert.deepEqual(
      changes.map((change) => `${change.kind}:${change.previous}->${change.state}`),
      [
        'readiness:ACCEPTING_TRAFFIC->REFUSING_TRAFFIC',
        'readiness:REFUSING_TRAFFIC->ACCEPTING_TRAFFIC',
        'liveness:CORRECT->BROKEN',
        'liveness:BROKEN->CORRECT',
      ],
    );
  });

  it('app.close() turns readiness OUT_OF_SERVICE before anything is torn down', async () => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ drainDelay: 0 })] });
    const availability = app.app.get(ApplicationAvailability);
    const changes: AvailabilityChange[] = [];
    availability.changes.subscribe((change) => changes.push(change));
    await app.close();
    assert.equal(availability.readiness, 'REFUSING_TRAFFIC');
    assert.deepEqual(changes[0], {
      kind: 'readiness',
      state: 'REFUSING_TRAFFIC',
      previous: 'ACCEPTING_TRAFFIC',
      reason: 'the application is shutting down',
    });
  });
});
