import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions, Observed } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';

/** What the indicator calls on a `nats` connection. */
export interface NatsConnectionLike {
  isClosed(): boolean;
  /** Sends PING, waits for PONG, answers the round trip in milliseconds. */
  rtt(): Promise<number>;
  readonly info?: { readonly version?: string };
}

export type NatsIndicatorOptions = DriverIndicatorOptions;

/**
 * NATS over the application's connection: DOWN at once when it is closed, otherwise a PING/PONG
 * round trip (`rtt()`), reported as `rttMs` with the server's version.
 */
export class NatsHealthIndicator extends DriverHealthIndicator<NatsConnectionLike> {
  override readonly componentType = 'component';

  constructor(connection: ClientSource<NatsConnectionLike>, options: NatsIndicatorOptions = {}) {
    super(connection, 'NATS health indicator', options);
  }

  protected async roundTrip(connection: NatsConnectionLike): Promise<Observed> {
    if (connection.isClosed()) throw new Error(messages.closed('NATS'));
    const rttMs = await connection.rtt();
    return { rttMs, serverVersion: connection.info?.version };
  }
}

/** `natsCheck('nats', connection)`: a registration for the `checks` option. */
export function natsCheck(
  name: string,
  connection: ClientSource<NatsConnectionLike>,
  options: NatsIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<NatsHealthIndicator> {
  return registrationOf(name, new NatsHealthIndicator(connection, options), options);
}
