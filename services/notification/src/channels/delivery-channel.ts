/** What a channel needs to send one delivery. */
export interface OutboundDelivery {
  id: string;
  /** email | sms | webhook:wecom | webhook:dingtalk */
  channel: string;
  target: string;
  subject: string;
  body: string;
}

/** One way out of the service. `send` resolves once the other side accepted the message, else throws. */
export interface DeliveryChannel {
  readonly name: string;
  send(delivery: OutboundDelivery): Promise<void>;
}
