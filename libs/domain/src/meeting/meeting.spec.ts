import type { Actor } from '../actor';
import type { Rejection } from '../case/case-decision';
import {
  type Meeting,
  type MeetingDecision,
  type MeetingTopic,
  type OpenMeeting,
  canRaiseCaseAt,
  checkMeetingReader,
  closeMeeting,
  meetingFigures,
  meetingTopics,
  openMeeting,
  recordAttendance,
} from './meeting';
import { actors } from '../test-support/org-fixture';

const T0 = '2025-03-03T02:00:00.000Z';
const CLOSED_AT = '2025-03-03T04:00:00.000Z';
const admin: Actor = { id: 'admin-1', role: 'admin' };
const departmentLeader: Actor = {
  id: 'um-leader',
  role: 'department-leader',
  departmentId: 'urban-management',
};
const dengfeng = { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'yard-7' };

function villageMeeting(overrides: Partial<OpenMeeting> = {}): OpenMeeting {
  return {
    meetingId: 'meeting-1',
    level: 'village',
    convener: actors.dengfengSecretary,
    scheduledAt: '2025-03-03T01:30:00.000Z',
    place: dengfeng,
    mode: 'inPerson',
    invitedHouseholds: 40,
    topics: ['villageAffairsDisclosure', 'onSpotProblemSolving'],
    ...overrides,
  };
}

function accepted(decision: MeetingDecision): Meeting {
  if (!decision.ok) throw new Error(`rejected: ${decision.reason}`);
  return decision.meeting;
}

/** The refusal's code and reason, and the field it names when it names one (a form shows it there). */
function rejected(decision: MeetingDecision): Pick<Rejection, 'code' | 'reason' | 'field'> {
  if (decision.ok) throw new Error('expected a rejection');
  return {
    code: decision.code,
    reason: decision.reason,
    ...(decision.field ? { field: decision.field } : {}),
  };
}

const opened = (overrides: Partial<OpenMeeting> = {}) =>
  accepted(openMeeting(villageMeeting(overrides), { now: T0 }));
const closed = () =>
  accepted(
    closeMeeting(
      opened(),
      { actor: actors.dengfengSecretary, issuesRaised: 10, resolvedOnSpot: 9 },
      { now: CLOSED_AT },
    ),
  );

describe('meeting', () => {
  describe('opening', () => {
    it('opens a village meeting at a courtyard, with instants stored as ISO strings', () => {
      expect(
        accepted(
          openMeeting(villageMeeting({ scheduledAt: Date.parse('2025-03-03T01:30:00Z') }), {
            now: new Date(T0),
          }),
        ),
      ).toEqual({
        id: 'meeting-1',
        level: 'village',
        convener: { id: 'sec-dengfeng', role: 'village-secretary' },
        scheduledAt: '2025-03-03T01:30:00.000Z',
        place: dengfeng,
        mode: 'inPerson',
        invitedHouseholds: 40,
        topics: ['villageAffairsDisclosure', 'onSpotProblemSolving'],
        status: 'open',
        openedAt: T0,
      });
    });

    const allowedConveners: [OpenMeeting['level'], Actor, OpenMeeting['place']][] = [
      ['village', actors.dengfengSecretary, dengfeng],
      ['village', actors.laifengLeader, dengfeng],
      ['village', actors.laifengTriage, dengfeng],
      ['village', admin, dengfeng],
      ['town', actors.laifengLeader, { townId: 'laifeng' }],
      ['town', actors.laifengTriage, { townId: 'laifeng', villageId: 'sanxing' }],
      ['town', admin, { townId: 'laifeng' }],
      ['district', actors.dlChen, { townId: 'laifeng' }],
      ['district', actors.top, { townId: 'laifeng' }],
      ['district', departmentLeader, { townId: 'laifeng' }],
      ['district', admin, { townId: 'zhengxing' }],
    ];
    it.each(
      allowedConveners.map(([level, convener, place]) => [level, convener.role, convener, place] as const),
    )('lets a %s meeting be convened by role %s', (level, _role, convener, place) => {
      expect(openMeeting(villageMeeting({ level, convener, place }), { now: T0 }).ok).toBe(true);
    });

    const refusedConveners: [OpenMeeting['level'], Actor][] = [
      ['village', actors.dlChen],
      ['village', departmentLeader],
      ['village', actors.resident],
      ['town', actors.dengfengSecretary],
      ['town', actors.dlChen],
      ['district', actors.laifengLeader],
      ['district', actors.umHandler],
      ['district', actors.system],
    ];
    it.each(refusedConveners.map(([level, convener]) => [level, convener.role, convener] as const))(
      'refuses a %s meeting convened by role %s',
      (level, _role, convener) => {
        expect(
          rejected(openMeeting(villageMeeting({ level, convener, place: dengfeng }), { now: T0 })).code,
        ).toBe('forbidden');
      },
    );

    it('names the roles allowed for the level', () => {
      expect(
        rejected(
          openMeeting(villageMeeting({ level: 'town', convener: actors.dengfengSecretary }), { now: T0 }),
        ),
      ).toEqual({
        code: 'forbidden',
        reason:
          "role 'village-secretary' may not convene a town meeting; allowed: town-leader, town-triage, admin",
      });
    });

    it('lets a village secretary convene only in their own village', () => {
      expect(
        rejected(
          openMeeting(villageMeeting({ place: { townId: 'laifeng', villageId: 'sanxing' } }), { now: T0 }),
        ),
      ).toEqual({
        code: 'forbidden',
        reason: "village-secretary 'sec-dengfeng' convenes meetings only in village 'dengfeng'",
      });
    });

    it('lets town officials convene only in their own town', () => {
      const place = { townId: 'zhengxing', villageId: 'shilong' };
      expect(
        rejected(openMeeting(villageMeeting({ convener: actors.laifengLeader, place }), { now: T0 })),
      ).toEqual({
        code: 'forbidden',
        reason: "town-leader 'laifeng-leader' convenes meetings only in town 'laifeng'",
      });
      expect(
        rejected(
          openMeeting(villageMeeting({ level: 'town', convener: actors.laifengTriage, place }), { now: T0 }),
        ).code,
      ).toBe('forbidden');
    });

    it('needs a villageId for a village meeting, in person or online', () => {
      for (const mode of ['inPerson', 'online'] as const) {
        expect(
          rejected(openMeeting(villageMeeting({ mode, place: { townId: 'laifeng' } }), { now: T0 })),
        ).toEqual({
          code: 'invalid',
          reason: 'a village meeting needs a place with a villageId',
        });
      }
    });

    it('needs a place in person; online only a district meeting may omit it', () => {
      expect(rejected(openMeeting(villageMeeting({ place: undefined }), { now: T0 }))).toEqual({
        code: 'invalid',
        reason: 'an in-person meeting needs a place',
      });
      expect(
        rejected(
          openMeeting(villageMeeting({ level: 'town', convener: admin, mode: 'online', place: undefined }), {
            now: T0,
          }),
        ),
      ).toEqual({
        code: 'invalid',
        reason:
          'an online town meeting needs a place naming its town; only an online district meeting may omit it',
      });
      expect(
        rejected(
          openMeeting(villageMeeting({ level: 'district', convener: actors.top, place: undefined }), {
            now: T0,
          }),
        ).code,
      ).toBe('invalid');
      const online = accepted(
        openMeeting(
          villageMeeting({ level: 'district', convener: actors.top, mode: 'online', place: undefined }),
          { now: T0 },
        ),
      );
      expect(online.place).toBeUndefined();
      expect(online.mode).toBe('online');
    });

    it('needs a townId in any place, and a village around a courtyard', () => {
      expect(
        rejected(
          openMeeting(villageMeeting({ convener: admin, place: { townId: '', villageId: 'dengfeng' } }), {
            now: T0,
          }),
        ),
      ).toEqual({
        code: 'invalid',
        reason: 'the place of a meeting needs a townId',
      });
      expect(
        rejected(
          openMeeting(
            villageMeeting({
              level: 'town',
              convener: admin,
              place: { townId: 'laifeng', courtyardId: 'yard-7' },
            }),
            { now: T0 },
          ),
        ),
      ).toEqual({
        code: 'invalid',
        reason: 'a courtyard lies in a village: a place with a courtyardId needs a villageId',
      });
    });

    it('takes 0 invited households but no negative or fractional count', () => {
      expect(opened({ invitedHouseholds: 0 }).invitedHouseholds).toBe(0);
      expect(rejected(openMeeting(villageMeeting({ invitedHouseholds: -1 }), { now: T0 }))).toEqual({
        code: 'invalid',
        reason: 'invitedHouseholds must be an integer ≥ 0, got -1',
        field: 'invitedHouseholds',
      });
      expect(rejected(openMeeting(villageMeeting({ invitedHouseholds: 2.5 }), { now: T0 })).code).toBe(
        'invalid',
      );
      expect(rejected(openMeeting(villageMeeting({ invitedHouseholds: Number.NaN }), { now: T0 })).code).toBe(
        'invalid',
      );
    });

    it('takes every topic of the report once, or none (no fixed form), but no unknown or repeated topic', () => {
      expect(opened({ topics: meetingTopics }).topics).toEqual(meetingTopics);
      expect(opened({ topics: [] }).topics).toEqual([]);
      expect(
        rejected(openMeeting(villageMeeting({ topics: ['gossip' as MeetingTopic] }), { now: T0 })).reason,
      ).toMatch(/^unknown meeting topics: gossip; allowed: policyBriefing/);
      expect(
        rejected(openMeeting(villageMeeting({ topics: ['mutualHelp', 'mutualHelp'] }), { now: T0 })),
      ).toEqual({
        code: 'invalid',
        reason: 'each meeting topic may be listed only once',
        field: 'topics',
      });
    });

    it('refuses an unknown level or mode, an empty id and an invalid instant', () => {
      expect(
        rejected(openMeeting(villageMeeting({ level: 'province' as OpenMeeting['level'] }), { now: T0 }))
          .reason,
      ).toBe("level 'province' is not one of district, town, village");
      expect(
        rejected(openMeeting(villageMeeting({ mode: 'phone' as OpenMeeting['mode'] }), { now: T0 })).reason,
      ).toBe("mode 'phone' is not one of inPerson, online");
      expect(rejected(openMeeting(villageMeeting({ meetingId: ' ' }), { now: T0 })).reason).toBe(
        'a meeting needs an id',
      );
      expect(rejected(openMeeting(villageMeeting({ scheduledAt: 'tomorrow' }), { now: T0 })).reason).toBe(
        "scheduledAt 'tomorrow' is not a valid instant",
      );
    });
  });

  describe('attendance', () => {
    it('records attendees and households at home, and a second record corrects the first', () => {
      const once = accepted(
        recordAttendance(opened(), { actor: actors.dengfengSecretary, householdsAtHome: 33, attendees: 30 }),
      );
      expect(once.attendance).toEqual({ householdsAtHome: 33, attendees: 30 });
      const corrected = accepted(
        recordAttendance(once, { actor: admin, householdsAtHome: 34, attendees: 31 }),
      );
      expect(corrected.attendance).toEqual({ householdsAtHome: 34, attendees: 31 });
    });

    it('accepts the boundaries: attendees = households at home = invited, and all zero', () => {
      expect(recordAttendance(opened(), { actor: admin, householdsAtHome: 40, attendees: 40 }).ok).toBe(true);
      expect(
        recordAttendance(opened({ invitedHouseholds: 0 }), {
          actor: admin,
          householdsAtHome: 0,
          attendees: 0,
        }).ok,
      ).toBe(true);
    });

    it('refuses more households at home than invited', () => {
      expect(
        rejected(recordAttendance(opened(), { actor: admin, householdsAtHome: 41, attendees: 30 })),
      ).toEqual({
        code: 'invalid',
        reason: 'householdsAtHome (41) cannot exceed invitedHouseholds (40)',
        field: 'householdsAtHome',
      });
    });

    it('says which rule a count broke as a code with its figures, for a form in another language', () => {
      const over = recordAttendance(opened(), { actor: admin, householdsAtHome: 41, attendees: 30 });
      expect(over.ok ? null : over.fieldProblem).toEqual({ rule: 'exceeds', params: { value: 41, limit: 40, limitField: 'invitedHouseholds' } });
      const negative = recordAttendance(opened(), { actor: admin, householdsAtHome: 30, attendees: -1 });
      expect(negative.ok ? null : negative.fieldProblem).toEqual({ rule: 'not-a-count', params: { value: '-1' } });
    });

    it('refuses more attendees than households at home', () => {
      expect(
        rejected(recordAttendance(opened(), { actor: admin, householdsAtHome: 30, attendees: 31 })),
      ).toEqual({
        code: 'invalid',
        reason: 'attendees (31) cannot exceed householdsAtHome (30): participation counts households at home',
        field: 'attendees',
      });
    });

    it('refuses negative or fractional counts', () => {
      expect(
        rejected(recordAttendance(opened(), { actor: admin, householdsAtHome: 30, attendees: -1 })).reason,
      ).toBe('attendees must be an integer ≥ 0, got -1');
      expect(
        rejected(recordAttendance(opened(), { actor: admin, householdsAtHome: 1.5, attendees: 1 })).code,
      ).toBe('invalid');
    });

    it('is recorded only by the convener or an admin, and only while the meeting is open', () => {
      expect(
        rejected(
          recordAttendance(opened(), { actor: actors.laifengLeader, householdsAtHome: 30, attendees: 20 }),
        ),
      ).toEqual({
        code: 'forbidden',
        reason:
          "only the convener ('sec-dengfeng') or an admin may record attendance; town-leader 'laifeng-leader' is neither",
      });
      expect(
        rejected(recordAttendance(closed(), { actor: admin, householdsAtHome: 30, attendees: 20 })),
      ).toEqual({
        code: 'wrong-state',
        reason: "meeting 'meeting-1' is already closed: cannot record attendance",
      });
    });
  });

  describe('closing', () => {
    it('closes with its figures, stamped with the time of closing', () => {
      expect(closed()).toMatchObject({
        status: 'closed',
        result: { issuesRaised: 10, resolvedOnSpot: 9 },
        closedAt: CLOSED_AT,
      });
    });

    it('lets an admin close, with nothing raised or everything resolved', () => {
      expect(
        closeMeeting(opened(), { actor: admin, issuesRaised: 0, resolvedOnSpot: 0 }, { now: CLOSED_AT }).ok,
      ).toBe(true);
      expect(
        closeMeeting(opened(), { actor: admin, issuesRaised: 5, resolvedOnSpot: 5 }, { now: CLOSED_AT }).ok,
      ).toBe(true);
    });

    it('lets only the convener or an admin close, even another official of the same village or town', () => {
      const otherSecretary: Actor = { ...actors.dengfengSecretary, id: 'sec-dengfeng-2' };
      for (const actor of [otherSecretary, actors.laifengLeader, actors.top]) {
        expect(
          rejected(closeMeeting(opened(), { actor, issuesRaised: 1, resolvedOnSpot: 1 }, { now: CLOSED_AT }))
            .code,
        ).toBe('forbidden');
      }
    });

    it('closes only once', () => {
      expect(
        rejected(
          closeMeeting(closed(), { actor: admin, issuesRaised: 1, resolvedOnSpot: 1 }, { now: CLOSED_AT }),
        ),
      ).toEqual({
        code: 'wrong-state',
        reason: "meeting 'meeting-1' is already closed: cannot close it",
      });
    });

    it('refuses more resolved on the spot than raised, and negative counts', () => {
      expect(
        rejected(
          closeMeeting(opened(), { actor: admin, issuesRaised: 3, resolvedOnSpot: 4 }, { now: CLOSED_AT }),
        ),
      ).toEqual({
        code: 'invalid',
        reason: 'resolvedOnSpot (4) cannot exceed issuesRaised (3)',
        field: 'resolvedOnSpot',
      });
      expect(
        rejected(
          closeMeeting(opened(), { actor: admin, issuesRaised: -1, resolvedOnSpot: 0 }, { now: CLOSED_AT }),
        ).reason,
      ).toBe('issuesRaised must be an integer ≥ 0, got -1');
    });
  });

  describe('raising a case at the meeting', () => {
    const home = { townId: 'laifeng', villageId: 'dengfeng' };

    it('is allowed while the meeting is open, anywhere in the village (not only its courtyard)', () => {
      expect(canRaiseCaseAt(opened(), T0, { ...home, courtyardId: 'yard-7' })).toBeNull();
      expect(canRaiseCaseAt(opened(), T0, { ...home, courtyardId: 'yard-3' })).toBeNull();
      expect(canRaiseCaseAt(opened(), T0, home)).toBeNull();
    });

    it('is allowed until just under 24 h after closing, and refused from 24 h on', () => {
      const lastMoment = Date.parse(CLOSED_AT) + 24 * 3600_000 - 1;
      expect(canRaiseCaseAt(closed(), lastMoment, home)).toBeNull();
      expect(canRaiseCaseAt(closed(), lastMoment + 1, home)).toEqual({
        ok: false,
        code: 'late',
        reason: `meeting 'meeting-1' closed at ${CLOSED_AT}: cases may be entered only within 24 h of closing`,
        field: 'meetingId',
        fieldProblem: { rule: 'late-entry', params: { closedAt: CLOSED_AT } },
      });
    });

    it('refuses a case from another village at a village meeting', () => {
      expect(canRaiseCaseAt(opened(), T0, { townId: 'laifeng', villageId: 'sanxing' })).toEqual({
        ok: false,
        code: 'invalid',
        reason: "the case is in village 'sanxing', outside village meeting 'meeting-1' of village 'dengfeng'",
        field: 'location.villageId',
        fieldProblem: { rule: 'outside-place', params: { value: 'sanxing' } },
      });
    });

    it('takes cases from any village of the town at a town or district meeting, but not from another town', () => {
      const town = opened({ level: 'town', convener: actors.laifengLeader, place: home });
      const district = opened({ level: 'district', convener: actors.dlChen, place: { townId: 'laifeng' } });
      for (const meeting of [town, district]) {
        expect(canRaiseCaseAt(meeting, T0, { townId: 'laifeng', villageId: 'sanxing' })).toBeNull();
        expect(canRaiseCaseAt(meeting, T0, { townId: 'zhengxing', villageId: 'shilong' })).toMatchObject({
          code: 'invalid',
          reason: "the case is in town 'zhengxing', outside meeting 'meeting-1' in town 'laifeng'",
          fieldProblem: { rule: 'outside-place', params: { value: 'zhengxing' } },
        });
      }
    });

    it('takes cases from the whole district at an online district meeting without a place', () => {
      const online = opened({ level: 'district', convener: actors.top, mode: 'online', place: undefined });
      expect(canRaiseCaseAt(online, T0, { townId: 'zhengxing', villageId: 'shilong' })).toBeNull();
    });
  });

  describe('figures', () => {
    it('gives participation = attendees ÷ households at home and on-site resolution = resolved ÷ raised', () => {
      const withAttendance = accepted(
        recordAttendance(opened(), { actor: admin, householdsAtHome: 20, attendees: 18 }),
      );
      const done = accepted(
        closeMeeting(
          withAttendance,
          { actor: admin, issuesRaised: 8, resolvedOnSpot: 6 },
          { now: CLOSED_AT },
        ),
      );
      expect(meetingFigures(done)).toEqual({ participationRate: 0.9, onSiteResolutionRate: 0.75 });
    });

    it('gives null for a figure whose denominator is 0 or not yet recorded', () => {
      expect(meetingFigures(opened())).toEqual({ participationRate: null, onSiteResolutionRate: null });
      const nobodyHome = accepted(
        recordAttendance(opened(), { actor: admin, householdsAtHome: 0, attendees: 0 }),
      );
      const nothingRaised = accepted(
        closeMeeting(nobodyHome, { actor: admin, issuesRaised: 0, resolvedOnSpot: 0 }, { now: CLOSED_AT }),
      );
      expect(meetingFigures(nothingRaised)).toEqual({ participationRate: null, onSiteResolutionRate: null });
    });
  });
});

describe('who reads meeting records', () => {
  it('lets every official read them and refuses residents and the system actor', () => {
    for (const role of ['village-secretary', 'town-leader', 'town-triage', 'department-handler', 'department-leader', 'district-leader', 'top-district-leader', 'admin'] as const)
      expect({ role, rejection: checkMeetingReader({ id: `someone-${role}`, role }) }).toEqual({ role, rejection: null });
    for (const role of ['resident', 'system'] as const)
      expect({ role, code: checkMeetingReader({ id: `someone-${role}`, role })?.code }).toEqual({ role, code: 'forbidden' });
  });
});
