import type { HealthCheckOptions } from '../../health/health-check.options.js';
import type { ClientSource } from '../shared/client-source.js';
import { DriverHealthIndicator } from '../shared/driver.indicator.js';
import type { DriverIndicatorOptions } from '../shared/driver.indicator.js';
import { registrationOf } from '../shared/indicator-registration.js';
import type { IndicatorRegistration } from '../shared/indicator-registration.js';
import { messages } from '../../messages.js';

/** What the indicator reads and calls on an `mqtt` (MQTT.js 5) client. */
export interface MqttClientLike {
  readonly connected: boolean;
  readonly reconnecting?: boolean;
  unsubscribeAsync(topic: string): Promise<unknown>;
}

export interface MqttIndicatorOptions extends DriverIndicatorOptions {
  /**
   * The topic each probe unsubscribes from; the broker acknowledges (UNSUBACK) whether or not
   * anything was subscribed, so nothing is published and no subscription of the application is
   * touched, as long as the application does not subscribe to this topic itself.
   * Default `'nestjs-management-endpoints/health'`.
   */
  topic?: string;
}

/**
 * An MQTT broker over the application's `mqtt` client: DOWN at once while the client is not
 * connected, otherwise an UNSUBSCRIBE/UNSUBACK round trip on a topic nobody uses.
 */
export class MqttHealthIndicator extends DriverHealthIndicator<MqttClientLike> {
  override readonly componentType = 'component';

  private readonly topic: string;

  constructor(client: ClientSource<MqttClientLike>, options: MqttIndicatorOptions = {}) {
    super(client, 'MQTT health indicator', options);
    this.topic = options.topic ?? 'nestjs-management-endpoints/health';
  }

  protected async roundTrip(client: MqttClientLike): Promise<void> {
    if (!client.connected) throw new Error(messages.notReady('MQTT', client.reconnecting ? 'reconnecting' : 'disconnected'));
    await client.unsubscribeAsync(this.topic);
  }
}

/** `mqttCheck('mqtt', client)`: a registration for the `checks` option. */
export function mqttCheck(
  name: string,
  client: ClientSource<MqttClientLike>,
  options: MqttIndicatorOptions & HealthCheckOptions = {},
): IndicatorRegistration<MqttHealthIndicator> {
  return registrationOf(name, new MqttHealthIndicator(client, options), options);
}
