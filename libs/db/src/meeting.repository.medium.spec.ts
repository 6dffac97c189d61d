import {
  type Actor,
  type Meeting,
  type MeetingDecision,
  type OpenMeeting,
  closeMeeting,
  openMeeting,
  recordAttendance,
} from '@bishan/domain';
import { parseCaseTopicEvent } from '@bishan/contracts';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { MeetingRepository } from './meeting.repository';
import { createDatabase, type Database } from './prisma-client';

const secretary: Actor = {
  id: 'sec-dengfeng',
  role: 'village-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
};
const townLeader: Actor = { id: 'laifeng-leader', role: 'town-leader', townId: 'laifeng' };
const top: Actor = { id: 'top-1', role: 'top-district-leader' };
const admin: Actor = { id: 'admin-1', role: 'admin' };
const T0 = '2025-03-03T02:00:00.000Z';

function accepted(decision: MeetingDecision): Meeting {
  if (!decision.ok) throw new Error(`rejected: ${decision.reason}`);
  return decision.meeting;
}

function open(overrides: Partial<OpenMeeting> & Pick<OpenMeeting, 'meetingId' | 'scheduledAt'>): Meeting {
  return accepted(
    openMeeting(
      {
        level: 'village',
        convener: secretary,
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'yard-7' },
        mode: 'inPerson',
        invitedHouseholds: 40,
        topics: ['villageAffairsDisclosure', 'onSpotProblemSolving'],
        ...overrides,
      },
      { now: T0 },
    ),
  );
}

describe('MeetingRepository (real SQLite)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let meetings: MeetingRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase('meetings');
    db = await createDatabase(testDb.url);
    meetings = new MeetingRepository(db);
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  /** The outbox rows of one meeting, oldest first, each parsed as a consumer of the topic would. */
  async function outboxOf(meetingId: string) {
    const rows = await db.outboxEvent.findMany({ where: { key: meetingId }, orderBy: { sequence: 'asc' } });
    return rows.map((row) => {
      const parsed = parseCaseTopicEvent(JSON.parse(row.payload));
      if (!parsed.ok) throw new Error(parsed.error);
      expect([row.topic, row.type, row.eventId]).toEqual([
        'case.events.v1',
        parsed.event.type,
        parsed.event.eventId,
      ]);
      return parsed.event;
    });
  }

  it('round-trips a meeting through open → attendance → close, and closes it only once', async () => {
    const opened = open({ meetingId: 'm-roundtrip', scheduledAt: '2025-03-03T01:30:00.000Z' });
    await meetings.create(opened, secretary);
    expect(await meetings.findById('m-roundtrip')).toEqual(opened);

    const attended = accepted(
      recordAttendance(opened, { actor: secretary, householdsAtHome: 33, attendees: 30 }),
    );
    expect(await meetings.recordAttendance(attended, secretary, new Date('2025-03-03T03:00:00.000Z'))).toBe(
      true,
    );
    expect(await meetings.findById('m-roundtrip')).toEqual(attended);

    const closed = accepted(
      closeMeeting(
        attended,
        { actor: secretary, issuesRaised: 10, resolvedOnSpot: 9 },
        { now: '2025-03-03T04:00:00.000Z' },
      ),
    );
    expect(await meetings.close(closed, secretary)).toBe(true);
    expect(await meetings.findById('m-roundtrip')).toEqual(closed);

    // A second close that raced past the domain check (it read the meeting while still open) is not written.
    const late = accepted(
      closeMeeting(
        attended,
        { actor: secretary, issuesRaised: 99, resolvedOnSpot: 0 },
        { now: '2025-03-03T05:00:00.000Z' },
      ),
    );
    expect(await meetings.close(late, secretary)).toBe(false);
    expect(await meetings.recordAttendance(attended, secretary, new Date())).toBe(false);
    expect(await meetings.findById('m-roundtrip')).toEqual(closed);
  });

  it('writes one event per stored change, in the same order, and none for a refused one', async () => {
    const events = await outboxOf('m-roundtrip');
    expect(events.map((event) => event.type)).toEqual([
      'meeting.opened',
      'meeting.attendanceRecorded',
      'meeting.closed',
    ]);
    expect(events.map((event) => event.eventId)).toEqual([
      'meeting:m-roundtrip/opened',
      expect.stringMatching(/^meeting:m-roundtrip\/attendance\/[0-9a-f-]{36}$/),
      'meeting:m-roundtrip/closed',
    ]);
    expect(events[0]).toMatchObject({
      meetingId: 'm-roundtrip',
      occurredAt: T0,
      payload: {
        actor: secretary,
        level: 'village',
        convener: { id: secretary.id, role: 'village-secretary' },
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'yard-7' },
        invitedHouseholds: 40,
      },
    });
    expect(events[1]).toMatchObject({
      occurredAt: '2025-03-03T03:00:00.000Z',
      payload: { householdsAtHome: 33, attendees: 30 },
    });
    // The close carries every figure: attendance as last recorded and the result.
    expect(events[2]).toMatchObject({
      occurredAt: '2025-03-03T04:00:00.000Z',
      payload: {
        invitedHouseholds: 40,
        attendance: { householdsAtHome: 33, attendees: 30 },
        result: { issuesRaised: 10, resolvedOnSpot: 9 },
      },
    });
  });

  it('writes neither the meeting nor its event when the event cannot be written', async () => {
    const first = open({ meetingId: 'm-twice', scheduledAt: '2025-03-04T01:30:00.000Z' });
    await meetings.create(first, secretary);
    // The same meeting opened again collides on the row; a row written alone would show here.
    await db.outboxEvent.deleteMany({ where: { key: 'm-twice' } });
    await expect(meetings.create(first, secretary)).rejects.toThrow();
    expect(await outboxOf('m-twice')).toEqual([]);

    // The reverse: the event id is taken, so the close must not be stored either.
    const attended = accepted(
      recordAttendance(first, { actor: secretary, householdsAtHome: 5, attendees: 5 }),
    );
    const closed = accepted(
      closeMeeting(
        attended,
        { actor: secretary, issuesRaised: 1, resolvedOnSpot: 1 },
        { now: '2025-03-04T04:00:00.000Z' },
      ),
    );
    await db.outboxEvent.create({
      data: {
        eventId: 'meeting:m-twice/closed',
        topic: 'case.events.v1',
        key: 'elsewhere',
        type: 'meeting.closed',
        version: 1,
        payload: '{}',
        occurredAt: new Date(),
      },
    });
    await expect(meetings.close(closed, secretary)).rejects.toThrow();
    expect((await meetings.findById('m-twice'))?.status).toBe('open');
  });

  it('stores an online district meeting without a place', async () => {
    const online = open({
      meetingId: 'm-online',
      scheduledAt: '2025-03-10T02:00:00.000Z',
      level: 'district',
      convener: top,
      mode: 'online',
      place: undefined,
      topics: [],
    });
    await meetings.create(online, top);
    expect(await meetings.findById('m-online')).toEqual(online);
  });

  it('finds nothing for an unknown id', async () => {
    expect(await meetings.findById('m-missing')).toBeNull();
  });

  describe('list', () => {
    beforeAll(async () => {
      await db.meeting.deleteMany();
      const village = [1, 2, 3].map((day) =>
        open({ meetingId: `m-village-${day}`, scheduledAt: `2025-04-0${day}T02:00:00.000Z` }),
      );
      const town = open({
        meetingId: 'm-town',
        scheduledAt: '2025-04-02T06:00:00.000Z',
        level: 'town',
        convener: townLeader,
        place: { townId: 'laifeng' },
      });
      const elsewhere = open({
        meetingId: 'm-zhengxing',
        scheduledAt: '2025-04-02T02:00:00.000Z',
        level: 'town',
        convener: admin,
        place: { townId: 'zhengxing' },
      });
      const convened: [Meeting, Actor][] = [
        ...village.map((meeting): [Meeting, Actor] => [meeting, secretary]),
        [town, townLeader],
        [elsewhere, admin],
      ];
      for (const [meeting, convener] of convened) await meetings.create(meeting, convener);
      const firstVillage = village[0];
      if (!firstVillage) throw new Error('no village meeting');
      await meetings.close(
        accepted(
          closeMeeting(
            firstVillage,
            { actor: secretary, issuesRaised: 2, resolvedOnSpot: 2 },
            { now: '2025-04-01T04:00:00.000Z' },
          ),
        ),
        secretary,
      );
    });

    const ids = (result: { items: Meeting[] }) => result.items.map((meeting) => meeting.id);

    it('lists every meeting, latest scheduled first, with the total', async () => {
      const all = await meetings.list({}, 10, 0);
      expect(ids(all)).toEqual(['m-village-3', 'm-town', 'm-village-2', 'm-zhengxing', 'm-village-1']);
      expect(all.total).toBe(5);
    });

    it('filters by level, town, village and status', async () => {
      expect(ids(await meetings.list({ level: 'town' }, 10, 0))).toEqual(['m-town', 'm-zhengxing']);
      expect(ids(await meetings.list({ townId: 'zhengxing' }, 10, 0))).toEqual(['m-zhengxing']);
      expect(ids(await meetings.list({ villageId: 'dengfeng', status: 'open' }, 10, 0))).toEqual([
        'm-village-3',
        'm-village-2',
      ]);
      expect(ids(await meetings.list({ townId: 'laifeng', status: 'closed' }, 10, 0))).toEqual([
        'm-village-1',
      ]);
    });

    it('filters by scheduled time: from inclusive, to exclusive', async () => {
      const window = {
        scheduledFrom: new Date('2025-04-02T02:00:00.000Z'),
        scheduledTo: new Date('2025-04-03T02:00:00.000Z'),
      };
      expect(ids(await meetings.list(window, 10, 0))).toEqual(['m-town', 'm-village-2', 'm-zhengxing']);
      expect(
        ids(await meetings.list({ scheduledFrom: new Date('2025-04-03T02:00:00.000Z') }, 10, 0)),
      ).toEqual(['m-village-3']);
    });

    it('pages without repeating or skipping, and counts every match', async () => {
      const first = await meetings.list({ townId: 'laifeng' }, 2, 0);
      const second = await meetings.list({ townId: 'laifeng' }, 2, 2);
      expect(ids(first)).toEqual(['m-village-3', 'm-town']);
      expect(ids(second)).toEqual(['m-village-2', 'm-village-1']);
      expect([first.total, second.total]).toEqual([4, 4]);
    });
  });
});
