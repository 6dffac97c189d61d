import type { DeliveryChannel, OutboundDelivery } from './delivery-channel';

export const webhookStyles = ['wecom', 'dingtalk'] as const;
export type WebhookStyle = (typeof webhookStyles)[number];

/** The JSON a group robot expects: WeCom and DingTalk name the markdown fields differently. */
export function webhookPayload(style: WebhookStyle, subject: string, body: string): unknown {
  const text = `### ${subject}\n${body}`;
  return style === 'wecom'
    ? { msgtype: 'markdown', markdown: { content: text } }
    : { msgtype: 'markdown', markdown: { title: subject, text } };
}

/**
 * Posts to a group robot. Both robots answer 200 with a non-zero `errcode` when they refuse a
 * message (bad key, rate limit), so the body is checked as well as the status.
 */
export class WebhookChannel implements DeliveryChannel {
  constructor(
    readonly style: WebhookStyle,
    private readonly timeoutMs = 10_000,
  ) {}

  get name(): string {
    return `webhook:${this.style}`;
  }

  async send(delivery: OutboundDelivery): Promise<void> {
    const response = await fetch(delivery.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookPayload(this.style, delivery.subject, delivery.body)),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`webhook answered ${response.status}: ${text.slice(0, 200)}`);
    let answer: { errcode?: number; errmsg?: string } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // A receiver that answers 2xx without JSON accepted the post.
    }
    if (typeof answer.errcode === 'number' && answer.errcode !== 0)
      throw new Error(`webhook refused the post: errcode ${answer.errcode} ${answer.errmsg ?? ''}`.trim());
  }
}
