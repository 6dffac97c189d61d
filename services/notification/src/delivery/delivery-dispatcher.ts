import type { Database } from '@bishan/db';
import { PollingLoop, type Publisher } from '@bishan/messaging';
import type { DeliveryChannel } from '../channels/delivery-channel';
import { retryAfterFailure } from './backoff';

export const DELIVERY_DEAD_LETTER_HEADER = 'notification-delivery-id';

export interface DispatcherSettings {
  maxAttempts: number;
  backoffMs: number;
  intervalMs: number;
  batchSize?: number;
  /** How long a claimed delivery is hidden from other dispatchers while it is being sent. */
  leaseMs?: number;
  deadLetterTopic: string;
  consumerGroup: string;
  now?: () => Date;
  log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

/**
 * Sends the planned deliveries that are due. A failure is recorded on the row (attempts, last
 * error) and retried after a doubling pause; after the last attempt the delivery is parked on the
 * dead-letter topic. The event that caused it is never applied again for this.
 */
export class DeliveryDispatcher {
  private readonly loop: PollingLoop;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly channels: ReadonlyMap<string, DeliveryChannel>,
    private readonly deadLetters: Publisher,
    private readonly settings: DispatcherSettings,
  ) {
    this.now = settings.now ?? (() => new Date());
    // Something attempted: more may be due at once.
    this.loop = new PollingLoop(async () => (await this.dispatchOnce()) > 0, {
      name: 'delivery dispatcher',
      intervalMs: settings.intervalMs,
      log: settings.log ?? (() => undefined),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now; returns how many deliveries were attempted. */
  async dispatchOnce(): Promise<number> {
    const now = this.now();
    const due = await this.db.notificationDelivery.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      take: this.settings.batchSize ?? 20,
    });
    let attempted = 0;
    for (const delivery of due) {
      // Claim the row by pushing its time out; another dispatcher that read it too loses the update.
      const claimed = await this.db.notificationDelivery.updateMany({
        where: {
          id: delivery.id,
          status: 'pending',
          attempts: delivery.attempts,
          nextAttemptAt: delivery.nextAttemptAt,
        },
        data: { nextAttemptAt: new Date(now.getTime() + (this.settings.leaseMs ?? 60_000)) },
      });
      if (claimed.count !== 1) continue;
      attempted += 1;
      await this.attempt(delivery);
    }
    return attempted;
  }

  private async attempt(delivery: {
    id: string;
    eventId: string;
    messageId: string | null;
    channel: string;
    target: string;
    subject: string;
    body: string;
    attempts: number;
  }): Promise<void> {
    const attempts = delivery.attempts + 1;
    try {
      const channel = this.channels.get(delivery.channel);
      if (!channel) throw new Error(`channel '${delivery.channel}' is not configured`);
      await channel.send(delivery);
      await this.db.notificationDelivery.update({
        where: { id: delivery.id },
        data: { status: 'delivered', attempts, deliveredAt: this.now(), lastError: null },
      });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const retryAt = retryAfterFailure(
        attempts,
        this.settings.maxAttempts,
        this.settings.backoffMs,
        this.now(),
      );
      if (retryAt) {
        this.settings.log?.('warn', `delivery ${delivery.id} attempt ${attempts} failed: ${reason}`);
        await this.db.notificationDelivery.update({
          where: { id: delivery.id },
          data: { attempts, lastError: reason, nextAttemptAt: retryAt },
        });
        return;
      }
      this.settings.log?.(
        'error',
        `delivery ${delivery.id} dead-lettered after ${attempts} attempts: ${reason}`,
      );
      await this.deadLetters.publish([
        {
          topic: this.settings.deadLetterTopic,
          key: delivery.eventId,
          value: JSON.stringify({
            deliveryId: delivery.id,
            eventId: delivery.eventId,
            messageId: delivery.messageId,
            channel: delivery.channel,
            target: delivery.target,
            subject: delivery.subject,
          }),
          headers: {
            'dead-letter-reason': `delivery failed ${attempts} times: ${reason}`,
            'dead-letter-source': `notification delivery ${delivery.channel}`,
            'consumer-group': this.settings.consumerGroup,
            [DELIVERY_DEAD_LETTER_HEADER]: delivery.id,
          },
        },
      ]);
      await this.db.notificationDelivery.update({
        where: { id: delivery.id },
        data: { status: 'dead', attempts, lastError: reason },
      });
    }
  }
}
