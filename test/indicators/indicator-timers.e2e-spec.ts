import { it } from 'node:test';
import assert from 'node:assert/strict';
import { eventLoopDelayCheck, eventLoopUtilizationCheck, HealthRegistry, ManagementModule } from '../../src/index.js';
import { onEachAdapter, startApp } from '../support/test-app.js';

onEachAdapter('indicators given through the checks option', (adapter) => {
  it('stop their monitors when the application closes', async () => {
    const stopped: string[] = [];
    const delay = eventLoopDelayCheck('event-loop-delay', { groups: ['liveness'] });
    const utilization = eventLoopUtilizationCheck('event-loop-utilization', { groups: ['liveness'] });
    for (const [name, indicator] of [['delay', delay.indicator], ['utilization', utilization.indicator]] as const) {
      const stop = indicator.stop.bind(indicator);
      indicator.stop = () => {
        stopped.push(name);
        stop();
      };
    }
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ checks: [delay, utilization] })] });
    assert.equal((await app.request('/z/health/liveness')).status, 200);
    assert.deepEqual(stopped, []);
    await app.close();
    assert.deepEqual(stopped.sort(), ['delay', 'utilization']);
  });

  it('a ready-made indicator registered at run time stops its monitor when its check is removed', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot()] });
    t.after(() => app.close());
    const delay = eventLoopDelayCheck('event-loop-delay', { groups: ['liveness'] });
    let stops = 0;
    const stop = delay.indicator.stop.bind(delay.indicator);
    delay.indicator.stop = () => {
      stops++;
      stop();
    };
    const registry = app.app.get(HealthRegistry);
    registry.register(delay);
    assert.equal((await app.request('/z/health/event-loop-delay')).status, 200);
    registry.remove('event-loop-delay');
    assert.equal(stops, 1);
  });
});
