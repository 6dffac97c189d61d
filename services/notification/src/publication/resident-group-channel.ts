import { postToRobot, type WebhookStyle } from '../channels/webhook.channel';
import type { DeliveryChannel, OutboundDelivery } from '../channels/delivery-channel';
import type { WebhookPolicy } from '../webhooks/webhook-target';

/** A public notice as it goes out to a residents' group: plain words, no markup. */
export interface GroupNotice {
  readonly title: string;
  readonly text: string;
}

/**
 * The outbound adapter to a residents' group chat (村民小组群). A notice is plain text; how it reaches
 * the group — a robot webhook today, the 渝快政 platform's interface tomorrow — is the
 * implementation's. `post` resolves once the other side accepted the notice, else throws.
 */
export interface ResidentGroupChannel {
  readonly name: string;
  post(target: string, notice: GroupNotice): Promise<void>;
}

/**
 * A group robot (WeCom / DingTalk style) that takes a plain text message: {msgtype: 'text', text:
 * {content}} — never markdown, so nothing a person typed into a plan or result becomes a link or
 * formatting in the residents' group. Same network rules as the staff robots (postToRobot).
 */
export class WebhookResidentGroupChannel implements ResidentGroupChannel {
  constructor(
    readonly style: WebhookStyle,
    private readonly policy: WebhookPolicy,
    private readonly timeoutMs = 10_000,
  ) {}

  get name(): string {
    return `residents:${this.style}`;
  }

  post(target: string, notice: GroupNotice): Promise<void> {
    return postToRobot(target, { msgtype: 'text', text: { content: `【${notice.title}】${notice.text}` } }, this.policy, this.timeoutMs);
  }
}

/** A residents' group channel as the delivery dispatcher drives it: retries, backoff and dead letters as for every delivery. */
export class ResidentGroupDeliveryChannel implements DeliveryChannel {
  constructor(private readonly channel: ResidentGroupChannel) {}

  get name(): string {
    return this.channel.name;
  }

  send(delivery: OutboundDelivery): Promise<void> {
    return this.channel.post(delivery.target, { title: delivery.subject, text: delivery.body });
  }
}
