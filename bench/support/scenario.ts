import type { ServerConfig } from '../servers/server-config.js';

export const ADAPTERS: readonly ServerConfig['adapter'][] = ['express', 'fastify'];

/** How long and how hard to measure; `--smoke` shrinks everything to seconds. */
export interface BenchSettings {
  smoke: boolean;
  rounds: number;
  /** Seconds per throughput measurement. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  stormSize: number;
  /** Bursts per contender and adapter; the count they check is deterministic, so fewer rounds do. */
  stormRounds: number;
  startupProviders: number;
  startupRounds: number;
  memoryRequests: number;
  /** Saturation windows per contender and adapter, alternating contenders within each round. */
  saturationRounds: number;
  /** Seconds per saturation window; rounds times this is each contender's time under saturation. */
  saturationSeconds: number;
  /** Connections holding the saturated route busy. */
  saturationConnections: number;
  /** Adapters the saturation scenario measures; a smoke run keeps to one, its four apps being slow to start. */
  saturationAdapters: readonly ServerConfig['adapter'][];
  /** Fresh processes per contender and adapter in the cold-start scenario. */
  coldStartRounds: number;
  coldStartAdapters: readonly ServerConfig['adapter'][];
}

export const FULL_SETTINGS: BenchSettings = {
  smoke: false,
  rounds: 9,
  seconds: 2,
  warmupSeconds: 2,
  connections: 50,
  stormSize: 1_000,
  stormRounds: 3,
  startupProviders: 1_000,
  startupRounds: 7,
  memoryRequests: 1_000_000,
  saturationRounds: 4,
  saturationSeconds: 15,
  saturationConnections: 64,
  saturationAdapters: ADAPTERS,
  coldStartRounds: 15,
  coldStartAdapters: ADAPTERS,
};

export const SMOKE_SETTINGS: BenchSettings = {
  smoke: true,
  rounds: 1,
  seconds: 0.5,
  warmupSeconds: 0,
  connections: 10,
  stormSize: 100,
  stormRounds: 1,
  startupProviders: 50,
  startupRounds: 1,
  memoryRequests: 2_000,
  saturationRounds: 1,
  saturationSeconds: 0.3,
  saturationConnections: 16,
  saturationAdapters: ['express'],
  coldStartRounds: 1,
  coldStartAdapters: ['express'],
};

/** One table of the report. */
export interface Section {
  title: string;
  target: string;
  headers: string[];
  rows: string[][];
  notes?: string[];
}

export interface Scenario {
  /** What `--scenario=` selects. */
  name: string;
  run(settings: BenchSettings): Promise<Section>;
}

/** PASS or MISS against a target; a smoke run has no thresholds. */
export function verdict(settings: BenchSettings, passed: boolean): string {
  if (settings.smoke) return '(smoke)';
  return passed ? 'PASS' : 'MISS';
}

export function fixed(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function percent(ratio: number): string {
  return `${fixed(ratio * 100, 1)}%`;
}
