import { lookup as dnsLookup, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { resolvedAddressProblem, webhookUrlProblem, type WebhookPolicy } from '../webhooks/webhook-target';
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

/** How much of a robot's answer is read: enough for its errcode, never kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Posts to a group robot. Both robots answer 200 with a non-zero `errcode` when they refuse a
 * message (bad key, rate limit), so the body is checked as well as the status. Only https to an
 * allowed robot host (webhookUrlProblem), only to public addresses as resolved when connecting, no
 * redirect followed, and nothing of the answer but its status and errcode is kept (errors are stored).
 */
export class WebhookChannel implements DeliveryChannel {
  constructor(
    readonly style: WebhookStyle,
    private readonly policy: WebhookPolicy,
    private readonly timeoutMs = 10_000,
  ) {}

  get name(): string {
    return `webhook:${this.style}`;
  }

  async send(delivery: OutboundDelivery): Promise<void> {
    await postToRobot(delivery.target, webhookPayload(this.style, delivery.subject, delivery.body), this.policy, this.timeoutMs);
  }
}

/**
 * One JSON post to a group robot under the policy: the URL and every address it resolves to are
 * checked, redirects are not followed, and a 2xx with a non-zero errcode is a refusal. Throws why not.
 */
export async function postToRobot(target: string, payload: unknown, policy: WebhookPolicy, timeoutMs: number): Promise<void> {
  const refused = webhookUrlProblem(target, policy);
  if (refused) throw new Error(`webhook target refused: ${refused}`);
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address literal is never looked up: it is checked here instead of in lookupChecked.
  if (isIP(host)) {
    const problem = resolvedAddressProblem(host, [host], policy);
    if (problem) throw new Error(`webhook target refused: ${problem}`);
  }
  const { status, answer } = await post(url, payload, { timeoutMs, lookup: lookupChecked(policy) });
  if (status >= 300 && status < 400) throw new Error(`webhook answered ${status}: redirects are not followed`);
  if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
  let errcode: unknown;
  try {
    errcode = (JSON.parse(answer) as { errcode?: unknown }).errcode;
  } catch {
    // A receiver that answers 2xx without JSON accepted the post.
  }
  if (typeof errcode === 'number' && errcode !== 0) throw new Error(`webhook refused the post: errcode ${errcode}`);
}

type Lookup = NonNullable<RequestOptions['lookup']>;

/** DNS lookup for the connection that refuses the host when any address it resolves to is not allowed. */
function lookupChecked(policy: WebhookPolicy): Lookup {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const problem = resolvedAddressProblem(
        hostname,
        addresses.map((a) => a.address),
        policy,
      );
      if (problem) return callback(new Error(`webhook target refused: ${problem}`));
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address, first?.family);
    });
  }) as unknown as Lookup;
}

function post(
  url: URL,
  payload: unknown,
  { timeoutMs, lookup }: { timeoutMs: number; lookup: Lookup },
): Promise<{ status: number; answer: string }> {
  const body = JSON.stringify(payload);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, answer: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`webhook did not answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
