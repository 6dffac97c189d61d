import type { GovernanceEvent } from '@bishan/contracts';
import type { ProcessedEvents } from '@bishan/db';
import { applyNotice, NOTIFICATION_CONSUMER, type InboxMessage, type NotifySettings } from '../case-events/notify-on-case-event.handler';
import { noticesForGovernanceEvent } from './notices-for-governance-event';

/** Applies one governance event once: its notices' inbox messages (about no case) and deliveries. */
export async function notifyOnGovernanceEvent(
  processed: ProcessedEvents,
  event: GovernanceEvent,
  settings: NotifySettings,
): Promise<{ outcome: 'applied' | 'duplicate'; messages: InboxMessage[] }> {
  let messages: InboxMessage[] = [];
  const outcome = await processed.applyOnce(NOTIFICATION_CONSUMER, event.eventId, async (tx) => {
    messages = [];
    for (const notice of noticesForGovernanceEvent(event, settings.org))
      messages.push(...(await applyNotice(tx, { eventId: event.eventId, caseId: '', occurredAt: event.occurredAt }, notice, settings)));
  });
  return { outcome, messages: outcome === 'applied' ? messages : [] };
}
