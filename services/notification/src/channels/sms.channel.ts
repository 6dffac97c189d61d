import { Logger } from '@nestjs/common';
import type { DeliveryChannel, OutboundDelivery } from './delivery-channel';

/** A text-message gateway (a carrier's or a cloud provider's API) behind one call. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/** Writes the text to the log instead of sending it: for development and for districts without a gateway. */
export class LoggingSmsProvider implements SmsProvider {
  private readonly logger = new Logger('sms');
  readonly sent: { phone: string; text: string }[] = [];

  async send(phone: string, text: string): Promise<void> {
    this.sent.push({ phone, text });
    this.logger.log(`SMS to ${phone}: ${text}`);
  }
}

export class SmsChannel implements DeliveryChannel {
  readonly name = 'sms';
  constructor(private readonly provider: SmsProvider) {}

  send(delivery: OutboundDelivery): Promise<void> {
    return this.provider.send(delivery.target, delivery.body);
  }
}
