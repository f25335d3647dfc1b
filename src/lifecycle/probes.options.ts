import { validateDuration } from '../options/duration.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import { sectionOption } from '../options/object-option.js';
import { BEAT_INTERVAL } from '../probe-worker/heartbeat.js';

/** Readiness refusing traffic while the main event loop is overloaded (`probes.loadShedding`). */
export interface LoadSheddingOptions {
  /** Event-loop delay, in milliseconds, above which readiness turns OUT_OF_SERVICE. Required. */
  maxDelay: number;
  /** Delay below which the application counts as recovered. Default: half of `maxDelay`. */
  recoverBelow?: number;
  /** Milliseconds the delay must stay below `recoverBelow` before readiness is UP again. Default `5000`. */
  recoverAfter?: number;
}

/** How the Kubernetes probes are answered (`probes` in the module options). */
export interface ProbesOptions {
  /**
   * Serve the management `port` from a worker thread that answers liveness, readiness and startup
   * without waiting on the application's event loop (everything else is forwarded to it).
   * Default `true` whenever `port` is set; `false` keeps the management server on the main thread.
   */
  worker?: boolean;
  /**
   * Milliseconds the main event loop may make no progress before the worker reports liveness DOWN
   * (and readiness OUT_OF_SERVICE). Default `10000`: one default kubelet period, so a loop stuck
   * for a period fails a probe, and a pod is restarted only after `failureThreshold` (3) periods
   * of it, while seconds-long synchronous work in a healthy application never fails one.
   */
  stallLimit?: number;
  /** Readiness OUT_OF_SERVICE while the event loop is overloaded. Default off. */
  loadShedding?: LoadSheddingOptions;
}

export interface ResolvedLoadShedding {
  maxDelay: number;
  recoverBelow: number;
  recoverAfter: number;
}

export interface ResolvedProbesOptions {
  worker: boolean;
  stallLimit: number;
  loadShedding: ResolvedLoadShedding | undefined;
}

export const DEFAULT_STALL_LIMIT = 10_000;
const MIN_STALL_LIMIT = 1_000;
const MIN_MAX_DELAY = 100;
const KNOWN = ['worker', 'stallLimit', 'loadShedding'];
const SHEDDING_KEYS = ['maxDelay', 'recoverBelow', 'recoverAfter'];

export function resolveProbesOptions(value: unknown, port: number | undefined): ResolvedProbesOptions {
  const options = sectionOption('probes', value, KNOWN) as ProbesOptions;
  if (options.worker !== undefined && typeof options.worker !== 'boolean') {
    throw new ManagementConfigurationError(messages.invalidBoolean('probes.worker'));
  }
  if (options.worker === true && port === undefined) {
    throw new ManagementConfigurationError(messages.workerWithoutPort());
  }
  const stallLimit = options.stallLimit === undefined ? DEFAULT_STALL_LIMIT : validateDuration("ManagementModule option 'probes.stallLimit'", options.stallLimit, false);
  if (stallLimit < MIN_STALL_LIMIT) {
    throw new ManagementConfigurationError(messages.stallLimitTooShort(MIN_STALL_LIMIT, BEAT_INTERVAL, stallLimit));
  }
  return { worker: port !== undefined && options.worker !== false, stallLimit, loadShedding: resolveLoadShedding(options.loadShedding) };
}

function resolveLoadShedding(value: unknown): ResolvedLoadShedding | undefined {
  if (value === undefined) return undefined;
  const options = sectionOption('probes.loadShedding', value, SHEDDING_KEYS) as Partial<LoadSheddingOptions>;
  const maxDelay = validateDuration("ManagementModule option 'probes.loadShedding.maxDelay'", options.maxDelay, false);
  if (maxDelay < MIN_MAX_DELAY) {
    throw new ManagementConfigurationError(messages.maxDelayTooShort(MIN_MAX_DELAY, maxDelay));
  }
  const recoverBelow =
    options.recoverBelow === undefined ? Math.floor(maxDelay / 2) : validateDuration("ManagementModule option 'probes.loadShedding.recoverBelow'", options.recoverBelow, false);
  if (recoverBelow >= maxDelay) {
    throw new ManagementConfigurationError(messages.recoverBelowTooHigh(recoverBelow, maxDelay));
  }
  const recoverAfter =
    options.recoverAfter === undefined ? 5_000 : validateDuration("ManagementModule option 'probes.loadShedding.recoverAfter'", options.recoverAfter, true);
  return { maxDelay, recoverBelow, recoverAfter };
}
