import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';

/** An `ioredis` client or cluster: `status` is `'ready'` when commands can be served. */
export interface IoredisClient {
  readonly status: string;
  ping(): Promise<string>;
}

/** A `redis` (node-redis) client: `isReady` once connected and usable. */
export interface NodeRedisClient {
  readonly isReady: boolean;
  readonly isOpen: boolean;
  ping(): Promise<string>;
  withAbortSignal?(signal: AbortSignal): { ping(): Promise<string> };
}

export type RedisClient = IoredisClient | NodeRedisClient;

export type RedisIndicatorOptions = DriverIndicatorOptions;

/**
 * Redis over the application's `ioredis` or `redis` client: DOWN at once while the client is not
 * ready (connecting, reconnecting, closed), so no PING waits in its offline queue; otherwise sends
 * PING and expects PONG.
 */
export class RedisHealthIndicator extends DriverHealthIndicator<RedisClient> {
  constructor(client: ClientSource<RedisClient>, options: RedisIndicatorOptions = {}) {
    super(client, 'Redis health indicator', options);
  }

  protected async roundTrip(client: RedisClient, signal: AbortSignal | undefined): Promise<void> {
    const reply = await pingWhenReady(client, signal);
    if (reply !== 'PONG') throw new Error(messages.unexpectedReply(reply));
  }
}

function pingWhenReady(client: RedisClient, signal: AbortSignal | undefined): Promise<string> {
  if ('status' in client && typeof client.status === 'string') {
    if (client.status !== 'ready') throw new Error(messages.notReady('Redis', client.status));
    return client.ping();
  }
  const nodeRedis = client as NodeRedisClient;
  if (!nodeRedis.isReady) throw new Error(messages.notReady('Redis', nodeRedis.isOpen ? 'connecting' : 'closed'));
  return signal && nodeRedis.withAbortSignal ? nodeRedis.withAbortSignal(signal).ping() : nodeRedis.ping();
}

/** `redisCheck('cache', redis)`: a registration for the `checks` option. */
export function redisCheck(
  name: string,
  client: ClientSource<RedisClient>,
  options: RedisIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<RedisHealthIndicator> {
  return registrationOf(name, new RedisHealthIndicator(client, options), options);
}
