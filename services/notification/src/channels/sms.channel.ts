import { Logger } from '@nestjs/common';
import { maskPhone } from '@bishan/service-runtime';
import type { DeliveryChannel, OutboundDelivery } from './delivery-channel';

/** A text-message gateway (a carrier's or a cloud provider's API) behind one call. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/**
 * Logs that a text would have gone out instead of sending it: for development and for districts
 * without a gateway. The number is masked and the text left out (it names cases and people), and
 * nothing is kept: the delivery row is the record.
 */
export class LoggingSmsProvider implements SmsProvider {
  constructor(private readonly logger: Pick<Logger, 'log'> = new Logger('sms')) {}

  async send(phone: string, text: string): Promise<void> {
    this.logger.log(`SMS to ${maskPhone(phone)} (${text.length} characters), not sent: no gateway is configured`);
  }
}

export class SmsChannel implements DeliveryChannel {
  readonly name = 'sms';
  constructor(private readonly provider: SmsProvider) {}

  send(delivery: OutboundDelivery): Promise<void> {
    return this.provider.send(delivery.target, delivery.body);
  }
}
