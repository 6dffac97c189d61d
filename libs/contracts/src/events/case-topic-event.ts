import { parseCaseEvent, type CaseEvent } from './case-event';
import { isGovernanceEventType, parseGovernanceEvent, type GovernanceEvent } from './governance-event';
import { parseMeetingEvent, type MeetingEvent } from './meeting-event';

/**
 * Everything published on `case.events.v1`: the case events, the meeting events and the governance
 * events (mediations, meeting duties, ledger reviews). Consumers of the topic validate against this
 * union, so a valid meeting or governance event is never dead-lettered as unknown.
 */
export type CaseTopicEvent = CaseEvent | MeetingEvent | GovernanceEvent;

export type CaseTopicParseResult = { ok: true; event: CaseTopicEvent } | { ok: false; error: string };

export function isMeetingEvent(event: CaseTopicEvent): event is MeetingEvent {
  return 'meetingId' in event;
}

export function isGovernanceEvent(event: CaseTopicEvent): event is GovernanceEvent {
  return 'subjectId' in event;
}

export function isCaseEvent(event: CaseTopicEvent): event is CaseEvent {
  return 'caseId' in event;
}

/** Meeting and governance events are told apart by their type's namespace; everything else must be a case event. */
export function parseCaseTopicEvent(raw: unknown): CaseTopicParseResult {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type.startsWith('meeting.')) return parseMeetingEvent(raw);
  if (isGovernanceEventType(type)) return parseGovernanceEvent(raw);
  return parseCaseEvent(raw);
}
