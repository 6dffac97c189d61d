import type { CaseEvent } from '@bishan/contracts';
import type { BishanOrganisation, Prisma, ProcessedEvents } from '@bishan/db';
import { quietHoursEnd } from '../preferences/quiet-hours';
import { defaultChannels, type PersonPreference } from '../preferences/preference';
import { scopeAfter } from '../recipients/case-scope';
import { publishPublicNotice } from '../publication/publish-public-notice';
import { noticesFor, type Notice } from '../recipients/notices-for-event';
import { defaultTemplates, type TemplateChannel, type TemplateText } from '../templates/message-kinds';
import { render } from '../templates/render';
import { NotificationReads } from './notification-reads';

export const NOTIFICATION_CONSUMER = 'notification';

export interface NotifySettings {
  org: BishanOrganisation;
  /** Null when no SMTP server is configured: no email deliveries are planned then. */
  emailDomain: string | null;
  now: () => Date;
  /** A batch's reads, shared by its events (one transaction); without, each call reads for itself. */
  reads?: NotificationReads;
}

export interface InboxMessage {
  id: string;
  eventId: string;
  caseId: string;
  recipient: string;
  kind: string;
  urgent: boolean;
  subject: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Applies one case event once: the case scope, the inbox messages and the planned deliveries commit
 * with the dedup row. Sending happens later, from the delivery rows, so a failing channel is retried
 * without applying the event again. Returns the inbox messages written (none for a duplicate).
 */
export async function notifyOnCaseEvent(
  processed: ProcessedEvents,
  event: CaseEvent,
  settings: NotifySettings,
): Promise<{ outcome: 'applied' | 'duplicate'; messages: InboxMessage[] }> {
  let messages: InboxMessage[] = [];
  const outcome = await processed.applyOnce(NOTIFICATION_CONSUMER, event.eventId, async (tx) => {
    const reads = settings.reads ?? new NotificationReads();
    const scope = await reads.scopeOf(tx, event.caseId);
    const after = scopeAfter(scope, event);
    if (after && after !== scope) await reads.saveScope(tx, after, settings.now());
    messages = [];
    for (const notice of noticesFor(event, scope, settings.org)) {
      messages.push(...(await applyNotice(tx, event, notice, { ...settings, reads })));
    }
    // 结果公开: triage results, plans and results told to the village's residents, once with the event.
    await publishPublicNotice(tx, event, after ?? scope, settings.org, settings.now(), reads);
  });
  return { outcome, messages: outcome === 'applied' ? messages : [] };
}

/** What a notice is dated and keyed by: a case event, or a notice of the system's own (caseId ''). */
export type NoticeCause = Pick<CaseEvent, 'eventId' | 'caseId' | 'occurredAt'>;

/** Writes a notice's inbox messages and plans its deliveries, in the caller's transaction. */
export async function applyNotice(
  tx: Prisma.TransactionClient,
  event: NoticeCause,
  notice: Notice,
  settings: NotifySettings,
): Promise<InboxMessage[]> {
  const now = settings.now();
  const reads = settings.reads ?? new NotificationReads();
  const stored = await reads.templatesOf(tx, notice.kind);
  const preferences = await reads.preferencesOf(tx, notice.recipients);
  const templateFor = (channel: TemplateChannel): TemplateText =>
    stored.find((t) => t.channel === channel) ??
    // Seeded at start-up; the defaults only stand in if the table was emptied by hand.
    (defaultTemplates().find((t) => t.kind === notice.kind && t.channel === channel) as TemplateText);
  const written: InboxMessage[] = [];

  for (const recipient of notice.recipients) {
    const preference = preferences.get(recipient) ?? null;
    const inbox = render(templateFor('inbox'), notice.values);
    const message: InboxMessage = {
      id: `${event.eventId}/${notice.kind}/${recipient}`,
      eventId: event.eventId,
      caseId: event.caseId,
      recipient,
      kind: notice.kind,
      urgent: notice.urgent,
      subject: inbox.subject,
      body: inbox.body,
      createdAt: new Date(event.occurredAt),
      readAt: null,
    };
    await tx.notificationMessage.create({ data: message });
    written.push(message);

    // Escalations to leaders are never held back by quiet hours.
    const notBefore = notice.urgent ? null : quietHoursEnd(now, preference?.quietHours ?? null);
    for (const { channel, target } of outboundTargets(recipient, preference, settings)) {
      const text = render(templateFor(channel), notice.values);
      await tx.notificationDelivery.create({
        data: {
          id: `${message.id}/${channel}`,
          eventId: event.eventId,
          messageId: message.id,
          channel,
          target,
          subject: text.subject,
          body: text.body,
          status: 'pending',
          nextAttemptAt: notBefore ?? now,
          deferred: notBefore !== null,
          createdAt: now,
        },
      });
    }
  }

  const text = render(templateFor('webhook'), notice.values);
  for (const group of notice.groups) {
    const hook = await reads.webhookOf(tx, group);
    if (!hook) continue;
    await tx.notificationDelivery.create({
      data: {
        id: `${event.eventId}/${notice.kind}/webhook/${group.scopeKind}:${group.scopeId}`,
        eventId: event.eventId,
        channel: `webhook:${hook.style}`,
        target: hook.url,
        subject: text.subject,
        body: text.body,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      },
    });
  }
  return written;
}

/** The person's outbound channels with an address each; a channel without one is skipped. */
function outboundTargets(
  personId: string,
  preference: PersonPreference | null,
  settings: NotifySettings,
): { channel: 'email' | 'sms'; target: string }[] {
  const channels = preference?.channels ?? defaultChannels;
  const targets: { channel: 'email' | 'sms'; target: string }[] = [];
  if (channels.includes('email') && settings.emailDomain !== null)
    targets.push({ channel: 'email', target: preference?.email ?? `${personId}@${settings.emailDomain}` });
  if (channels.includes('sms') && preference?.phone)
    targets.push({ channel: 'sms', target: preference.phone });
  return targets;
}
