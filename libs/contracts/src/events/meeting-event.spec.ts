import {
  closeMeeting,
  openMeeting,
  recordAttendance,
  type Actor,
  type Meeting,
  type MeetingDecision,
} from '@bishan/domain';
import { parseCaseTopicEvent } from './case-topic-event';
import {
  meetingAttendanceRecordedEventOf,
  meetingClosedEventOf,
  meetingOpenedEventOf,
} from './meeting-event';

const secretary: Actor = {
  id: 'sec-dengfeng',
  role: 'village-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
};

function accepted(decision: MeetingDecision): Meeting {
  if (!decision.ok) throw new Error(decision.reason);
  return decision.meeting;
}

const opened = accepted(
  openMeeting(
    {
      meetingId: 'm-1',
      level: 'village',
      convener: secretary,
      scheduledAt: '2025-03-03T01:30:00.000Z',
      place: { townId: 'laifeng', villageId: 'dengfeng' },
      mode: 'inPerson',
      invitedHouseholds: 40,
      topics: ['onSpotProblemSolving'],
    },
    { now: '2025-03-03T02:00:00.000Z' },
  ),
);
const attended = accepted(
  recordAttendance(opened, { actor: secretary, householdsAtHome: 33, attendees: 30 }),
);
const closed = accepted(
  closeMeeting(
    attended,
    { actor: secretary, issuesRaised: 10, resolvedOnSpot: 9 },
    { now: '2025-03-03T04:00:00.000Z' },
  ),
);

const events = [
  meetingOpenedEventOf(opened, secretary),
  meetingAttendanceRecordedEventOf(attended, secretary, '2025-03-03T03:00:00.000Z', 'r-1'),
  meetingClosedEventOf(closed, secretary),
];

describe('meeting events v1', () => {
  it.each(events)('$type survives the wire as a valid event of the case topic', (envelope) => {
    expect(parseCaseTopicEvent(JSON.parse(JSON.stringify(envelope)))).toStrictEqual({
      ok: true,
      event: envelope,
    });
  });

  it('refuses to tell a meeting that is not closed as closed', () => {
    expect(() => meetingClosedEventOf(attended, secretary)).toThrow(/not closed/);
    expect(() =>
      meetingAttendanceRecordedEventOf(opened, secretary, '2025-03-03T03:00:00.000Z', 'r'),
    ).toThrow(/no attendance/);
  });

  it('names what is wrong with a meeting event, and does not take it for a case event', () => {
    const closedEvent = events[2]!;
    const payload = closedEvent.payload as Record<string, unknown>;
    const wrong = parseCaseTopicEvent({
      ...closedEvent,
      payload: { ...payload, result: { issuesRaised: -1, resolvedOnSpot: 0 } },
    });
    expect(!wrong.ok && wrong.error).toMatch(/^invalid meeting\.closed@1 payload: result\.issuesRaised: /);
    expect(parseCaseTopicEvent({ ...closedEvent, type: 'meeting.postponed' })).toEqual({
      ok: false,
      error: 'unknown event meeting.postponed@1',
    });
    const { meetingId: _meetingId, ...withoutMeeting } = closedEvent;
    const asCase = parseCaseTopicEvent({ ...withoutMeeting, caseId: 'm-1' });
    expect(!asCase.ok && asCase.error).toMatch(/invalid meeting envelope: .*meetingId/);
  });
});
