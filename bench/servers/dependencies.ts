import { setTimeout as sleep } from 'node:timers/promises';
import { DEPENDENCY_LATENCY } from './server-config.js';

let executions = 0;

/** How many times `slowDependency` has run in this process. */
export function dependencyExecutions(): number {
  return executions;
}

/** A dependency check that takes 50 ms, counting each execution. */
export async function slowDependency(): Promise<void> {
  executions++;
  await sleep(DEPENDENCY_LATENCY);
}

/** A check that never settles. */
export function neverSettles(): Promise<void> {
  return new Promise(() => {});
}

/** A check that is UP at once. */
export function instant(): void {}

/** The check each setup puts behind readiness (`five` uses `instant` five times, `two` twice). */
export const SETUP_CHECKS = {
  five: instant,
  two: instant,
  storm: slowDependency,
  hung: neverSettles,
  healthy: instant,
} as const;
