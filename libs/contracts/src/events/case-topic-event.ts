import { parseCaseEvent, type CaseEvent } from './case-event';
import { parseMeetingEvent, type MeetingEvent } from './meeting-event';

/**
 * Everything published on `case.events.v1`: the case events and the meeting events. Consumers of the
 * topic validate against this union, so a valid meeting event is never dead-lettered as unknown.
 */
export type CaseTopicEvent = CaseEvent | MeetingEvent;

export type CaseTopicParseResult = { ok: true; event: CaseTopicEvent } | { ok: false; error: string };

export function isMeetingEvent(event: CaseTopicEvent): event is MeetingEvent {
  return 'meetingId' in event;
}

/** Meeting events are told apart by their type's namespace; everything else must be a case event. */
export function parseCaseTopicEvent(raw: unknown): CaseTopicParseResult {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type.startsWith('meeting.')) return parseMeetingEvent(raw);
  return parseCaseEvent(raw);
}
