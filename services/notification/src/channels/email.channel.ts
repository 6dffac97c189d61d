import { createTransport, type Transporter } from 'nodemailer';
import type { DeliveryChannel, OutboundDelivery } from './delivery-channel';

export interface SmtpSettings {
  host: string;
  port: number;
  from: string;
  secure: boolean;
}

/** Email over SMTP; a refusal by the server (4xx/5xx) rejects, so the delivery is retried. */
export class EmailChannel implements DeliveryChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(delivery: OutboundDelivery): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: delivery.target,
      subject: delivery.subject,
      text: delivery.body,
      headers: { 'X-Bishan-Delivery-Id': delivery.id },
    });
  }

  close(): void {
    this.transport.close();
  }
}
