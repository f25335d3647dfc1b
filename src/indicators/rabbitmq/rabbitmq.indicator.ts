import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions, Observed } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';

/** What the indicator calls on an `amqplib` (promise API) connection. */
export interface RabbitmqConnection {
  createChannel(): Promise<{ close(): Promise<void> }>;
  readonly connection?: { readonly serverProperties?: { readonly version?: unknown } };
}

export type RabbitmqIndicatorOptions = DriverIndicatorOptions;

/**
 * RabbitMQ over the application's `amqplib` connection: opens a channel on it and closes it again,
 * a round trip to the broker that touches none of the application's channels, queues or messages.
 * Reports the broker's version.
 */
export class RabbitmqHealthIndicator extends DriverHealthIndicator<RabbitmqConnection> {
  override readonly componentType = 'component';

  constructor(connection: ClientSource<RabbitmqConnection>, options: RabbitmqIndicatorOptions = {}) {
    super(connection, 'RabbitMQ health indicator', options);
  }

  protected async roundTrip(connection: RabbitmqConnection): Promise<Observed> {
    const channel = await connection.createChannel();
    await channel.close();
    const version = connection.connection?.serverProperties?.version;
    return typeof version === 'string' ? { serverVersion: version } : undefined;
  }
}

/** `rabbitmqCheck('broker', connection)`: a registration for the `checks` option. */
export function rabbitmqCheck(
  name: string,
  connection: ClientSource<RabbitmqConnection>,
  options: RabbitmqIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<RabbitmqHealthIndicator> {
  return registrationOf(name, new RabbitmqHealthIndicator(connection, options), options);
}
