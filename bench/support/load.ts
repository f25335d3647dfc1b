import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles, in milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Answers with a 2xx status. */
  ok: number;
  /** Non-2xx answers, errors and timeouts. */
  failed: number;
}

export interface LoadOptions {
  connections: number;
  /** Run for this many seconds... */
  seconds?: number;
  /** ...or until this many requests are answered. */
  amount?: number;
  /** Requests per second across all connections; default as fast as possible. */
  rate?: number;
  /** Paths visited in turn by each connection. */
  paths: string[];
}

/** Drives `baseUrl` with autocannon from this process (the server runs in its own). */
export async function load(baseUrl: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    timeout: 10,
    sampleInt: 100,
    requests: options.paths.map((path) => ({ path })),
    ...(options.amount === undefined ? { duration: options.seconds } : { amount: options.amount }),
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  const answered = result['2xx'] + result.non2xx;
  return {
    requestsPerSecond: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
