import {
  caseClaimedV1,
  caseClosedV1,
  caseEnteredLedgerV1,
  caseEscalatedV1,
  caseFlaggedConcentratedV1,
  casePublishedV1,
  caseRaisedV1,
  caseRatedV1,
  createGovernanceEvent,
  mediationFollowedUpV1,
  mediationRecordedV1,
  caseReopenedV1,
  caseResolvedOnSpotV1,
  deadlineMissedV1,
  extensionApprovedV1,
  extensionRequestedV1,
  feedbackGivenV1,
  meetingAttendanceRecordedV1,
  meetingClosedV1,
  meetingOpenedV1,
  ratingWindowExpiredV1,
  resultReportedV1,
  createCaseEvent,
  createMeetingEvent,
} from '@bishan/contracts';
import { bishanOrganisation } from '@bishan/db';

/**
 * The report's figures and the whole numbers behind them (重庆日报, 16 January 2023).
 *
 * The report gives six figures; each is a ratio or a count under the definitions in DOMAIN.md and
 * libs/domain/src/kpi/kpis.ts. Rates are given rounded, so the totals are chosen to make each rate
 * come out exactly, as the smallest consistent set:
 *
 * - meetings held 3,126: 3,126 meetings closed in the period.
 * - participation 91 %: Σ attendees ÷ Σ households at home. 0.91 = 91/100, so Σ at home is a
 *   multiple of 100; about 25 households at home per meeting gives Σ at home = 78,200 and
 *   Σ attendees = 0.91 × 78,200 = 71,162.
 * - on-site resolution 89.5 %: resolved on the spot ÷ cases raised at meetings. 0.895 = 179/200, so
 *   cases raised at meetings = 200·m and on the spot = 179·m.
 * - approval 93.8 %: approving ratings ÷ ratings. 0.938 = 469/500, so at least 500 ratings with 469
 *   satisfied or basically satisfied; each of the 31 dissatisfied ones reopened its case, which the
 *   residents approved in the next round. Approving ratings close cases, so at least 469 cases were
 *   closed through the loop (not on the spot).
 * - problems solved 3,108: cases closed in the period = on the spot + through the loop. With 469
 *   loop closures at least, on the spot ≤ 3,108 − 469 = 2,639, so m ≤ 14; m = 14 gives 2,800 cases
 *   raised at meetings, 2,506 solved on the spot and 602 through the loop: 469 approved and 133
 *   closed unrated once the rating window passed.
 * - disputes mediated ~6,000 and success 99.45 %: counted from mediation records (mediation.recorded),
 *   successful when an agreement was reached in full. 0.9945 = 1,989/2,000, so the count is a
 *   multiple of 2,000; "近6000件" gives 6,000 mediations, 5,967 agreed, 21 in part and 12 failed. The
 *   1,900 disputes solved on the spot at meetings are among them (mediated there, linked to their
 *   case and meeting); the other 4,100 were mediated by courtyard mediators outside the case loop.
 *   Every 50th agreement is followed up (held, but for every 10th of those).
 * - the loop also holds cases that were not closed: the 294 meeting cases not solved on the spot and
 *   348 raised in the online group make 642 loop cases, 602 closed and 40 still open at the end.
 */
export interface SeedTotals {
  readonly meetings: number;
  readonly householdsAtHome: number;
  readonly attendees: number;
  readonly casesAtMeetings: number;
  readonly resolvedOnSpot: number;
  readonly casesOnline: number;
  readonly approvingRatings: number;
  readonly dissatisfiedRatings: number;
  readonly closedUnrated: number;
  readonly stillOpen: number;
  readonly disputesOnSpot: number;
  readonly disputesApproved: number;
  readonly disputesUnrated: number;
  readonly mediations: number;
  readonly mediationsAgreed: number;
  readonly mediationsPartial: number;
}

export const seedTotals: SeedTotals = {
  meetings: 3126,
  householdsAtHome: 78_200,
  attendees: 71_162,
  casesAtMeetings: 2800,
  resolvedOnSpot: 2506,
  casesOnline: 348,
  approvingRatings: 469,
  dissatisfiedRatings: 31,
  closedUnrated: 133,
  stillOpen: 40,
  disputesOnSpot: 1900,
  disputesApproved: 89,
  disputesUnrated: 11,
  mediations: 6000,
  mediationsAgreed: 5967,
  mediationsPartial: 21,
};

/** A small data set of the same shape, for suites that need every kind of event but not the volume. */
export const smallTotals: SeedTotals = {
  meetings: 60,
  householdsAtHome: 1500,
  attendees: 1365,
  casesAtMeetings: 100,
  resolvedOnSpot: 80,
  casesOnline: 30,
  approvingRatings: 30,
  dissatisfiedRatings: 5,
  closedUnrated: 10,
  stillOpen: 10,
  disputesOnSpot: 40,
  disputesApproved: 5,
  disputesUnrated: 2,
  mediations: 120,
  mediationsAgreed: 110,
  mediationsPartial: 6,
};

/** The figures as the report prints them. */
export const seedFigures = {
  meetingsHeld: 3126,
  casesResolved: 3108,
  onSiteResolutionRate: 0.895,
  participationRate: 0.91,
  approvalRate: 0.938,
  mediations: 6000,
  mediationSuccessRate: 0.9945,
} as const;

/** The report's period: the first meeting on 17 June 2021 up to the report on 16 January 2023. */
export const seedPeriod = { from: '2021-06-17', to: '2023-01-16' } as const;

export interface SeedMessage {
  key: string;
  value: string;
}

/** Deterministic: xorshift32 from a fixed seed, so every run publishes the same events. */
function sequence(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** The Shanghai calendar day of an instant (UTC+8 all year). */
const shanghaiDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

/** Spreads `total` over `slots` as integers between `min` and `max` each, deterministically. */
function spread(total: number, slots: number, min: number, max: number, random: () => number): number[] {
  const values = Array.from({ length: slots }, () => min);
  let left = total - min * slots;
  if (left < 0 || left > (max - min) * slots)
    throw new Error(`cannot spread ${total} over ${slots} slots in [${min}, ${max}]`);
  while (left > 0) {
    const i = Math.floor(random() * slots);
    if (values[i]! < max) {
      values[i]! += 1;
      left -= 1;
    }
  }
  return values;
}

/**
 * Every event of the seed data set in publishing order: the meetings (opened, attendance, closed),
 * the cases raised at them, and the online-group cases, through the steps of the loop each took.
 */
export function seedMessages(t: SeedTotals = seedTotals): SeedMessage[] {
  const random = sequence(20230116);
  const org = bishanOrganisation();
  const villages = org.villages;
  const departments = org.departments;
  const disputeCategory = '邻里纠纷';
  const otherCategories = ['村容村貌', '线路整治', '道路保洁', '农村水价', '房屋改造', '乡村产业'];
  const messages: SeedMessage[] = [];
  const push = (key: string, envelope: object) => messages.push({ key, value: JSON.stringify(envelope) });
  const system = { id: 'system', role: 'system' as const };

  // Meetings across 2022 (Asia/Shanghai daytime), one village each, in the order they were held.
  const start = Date.parse('2022-01-04T01:00:00Z');
  const span = Date.parse('2022-12-20T01:00:00Z') - start;
  const atHome = spread(t.householdsAtHome, t.meetings, 15, 35, random.next);
  const attended = atHome.map((h) => Math.floor((h * t.attendees) / t.householdsAtHome));
  let missing = t.attendees - attended.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % t.meetings) {
    if (attended[i]! < atHome[i]!) {
      attended[i]! += 1;
      missing -= 1;
    }
  }
  const issuesAt = spread(t.casesAtMeetings, t.meetings, 0, 4, random.next);
  // Which meeting cases are solved on the spot, and which of those are disputes: the first ones of
  // a shuffled order, so they are spread over the meetings.
  const caseOrder = Array.from({ length: t.casesAtMeetings }, (_, i) => i).sort(() => random.next() - 0.5);
  const onSpot = new Set(caseOrder.slice(0, t.resolvedOnSpot));
  const disputeOnSpot = new Set(caseOrder.slice(0, t.disputesOnSpot));

  const loopCases: {
    caseId: string;
    raisedAt: number;
    villageIndex: number;
    channel: 'meeting' | 'onlineGroup';
    meetingId?: string;
  }[] = [];
  const mediatedAtMeetings: { caseId: string; meetingId: string; at: number; villageIndex: number }[] = [];
  let caseNumber = 0;
  for (let m = 0; m < t.meetings; m += 1) {
    const meetingId = `seed-meeting-${String(m + 1).padStart(4, '0')}`;
    const village = villages[m % villages.length]!;
    const secretary = {
      id: village.secretaryId,
      role: 'village-secretary' as const,
      townId: village.townId,
      villageId: village.id,
    };
    const openedAt = start + Math.floor((span * m) / t.meetings);
    const closedAt = openedAt + 2 * HOUR;
    const place = { townId: village.townId, villageId: village.id };
    const invited = atHome[m]! + random.int(0, 8);
    push(
      meetingId,
      createMeetingEvent(meetingOpenedV1, {
        eventId: `meeting:${meetingId}/opened`,
        meetingId,
        occurredAt: iso(openedAt),
        payload: {
          at: iso(openedAt),
          actor: secretary,
          level: 'village',
          convener: { id: secretary.id, role: secretary.role },
          scheduledAt: iso(openedAt),
          place,
          mode: 'inPerson',
          invitedHouseholds: invited,
          topics: ['onSpotProblemSolving'],
        },
      }),
    );
    const attendance = { householdsAtHome: atHome[m]!, attendees: attended[m]! };
    push(
      meetingId,
      createMeetingEvent(meetingAttendanceRecordedV1, {
        eventId: `meeting:${meetingId}/attendance/1`,
        meetingId,
        occurredAt: iso(openedAt + HOUR),
        payload: { at: iso(openedAt + HOUR), actor: secretary, ...attendance },
      }),
    );
    let solvedHere = 0;
    for (let k = 0; k < issuesAt[m]!; k += 1) {
      const index = caseNumber++;
      const caseId = `seed-case-${String(index + 1).padStart(4, '0')}`;
      const raisedAt = openedAt + HOUR + k * 60_000;
      const category = disputeOnSpot.has(index)
        ? disputeCategory
        : otherCategories[index % otherCategories.length]!;
      if (onSpot.has(index)) {
        solvedHere += 1;
        if (disputeOnSpot.has(index)) mediatedAtMeetings.push({ caseId, meetingId, at: raisedAt, villageIndex: m % villages.length });
        push(caseId, raised(caseId, raisedAt, secretary, category, 'meeting', place, meetingId));
        push(
          caseId,
          createCaseEvent(caseResolvedOnSpotV1, {
            eventId: `${caseId}/2`,
            caseId,
            occurredAt: iso(raisedAt),
            payload: { at: iso(raisedAt), actor: secretary, summary: '现场解决' },
          }),
        );
        push(
          caseId,
          createCaseEvent(caseClosedV1, {
            eventId: `${caseId}/3`,
            caseId,
            occurredAt: iso(raisedAt),
            payload: { at: iso(raisedAt), actor: secretary, closure: 'resolvedOnSpot' },
          }),
        );
      } else {
        loopCases.push({
          caseId,
          raisedAt,
          villageIndex: m % villages.length,
          channel: 'meeting',
          meetingId,
        });
      }
    }
    push(
      meetingId,
      createMeetingEvent(meetingClosedV1, {
        eventId: `meeting:${meetingId}/closed`,
        meetingId,
        occurredAt: iso(closedAt),
        payload: {
          at: iso(closedAt),
          actor: secretary,
          level: 'village',
          convener: { id: secretary.id, role: secretary.role },
          place,
          mode: 'inPerson',
          invitedHouseholds: invited,
          attendance,
          result: { issuesRaised: issuesAt[m]!, resolvedOnSpot: solvedHere },
        },
      }),
    );
  }
  for (let o = 0; o < t.casesOnline; o += 1) {
    const caseId = `seed-online-${String(o + 1).padStart(4, '0')}`;
    loopCases.push({
      caseId,
      raisedAt: start + Math.floor((span * o) / t.casesOnline),
      villageIndex: (o * 7) % villages.length,
      channel: 'onlineGroup',
    });
  }
  if (loopCases.length !== t.approvingRatings + t.closedUnrated + t.stillOpen)
    throw new Error('the loop totals do not add up');

  // Loop cases in raising order: the first 469 approved (31 of them after a reopening), the next
  // 133 closed unrated, the last 40 still open. Disputes among them: 89 approved, 11 unrated.
  loopCases.sort((a, b) => a.raisedAt - b.raisedAt || a.caseId.localeCompare(b.caseId));
  loopCases.forEach((c, i) => {
    const village = villages[c.villageIndex]!;
    const place = { townId: village.townId, villageId: village.id };
    const outcome =
      i < t.approvingRatings ? 'approved' : i < t.approvingRatings + t.closedUnrated ? 'unrated' : 'open';
    const dispute =
      (outcome === 'approved' && i < t.disputesApproved) ||
      (outcome === 'unrated' && i < t.approvingRatings + t.disputesUnrated);
    const category = dispute ? disputeCategory : otherCategories[i % otherCategories.length]!;
    const department = departments[i % departments.length]!;
    const handler = {
      id: department.handlerIds[0]!,
      role: 'department-handler' as const,
      departmentId: department.id,
    };
    const resident = { id: `resident-${village.id}-1`, role: 'resident' as const };
    const triage = { id: `${village.townId}-triage`, role: 'town-triage' as const, townId: village.townId };
    const supervision = {
      level: 'supervisingDistrictLeader' as const,
      leaderIds: [department.supervisingLeaderId],
      since: '',
    };
    let seq = 0;
    const id = () => `${c.caseId}/${++seq}`;
    const at = (ms: number) => ({ eventId: id(), caseId: c.caseId, occurredAt: iso(ms) });
    const actor =
      c.channel === 'meeting'
        ? {
            id: village.secretaryId,
            role: 'village-secretary' as const,
            townId: village.townId,
            villageId: village.id,
          }
        : resident;
    const events: object[] = [];
    events.push(raised(c.caseId, c.raisedAt, actor, category, c.channel, place, c.meetingId, ++seq));
    let now = c.raisedAt + DAY;
    events.push(
      createCaseEvent(caseEnteredLedgerV1, { ...at(now), payload: { at: iso(now), actor: triage } }),
    );
    const claimDue = now + 2 * DAY;
    events.push(
      createCaseEvent(casePublishedV1, {
        ...at(now),
        payload: { at: iso(now), actor: triage, claimDueAt: iso(claimDue) },
      }),
    );
    if (outcome === 'open') {
      for (const e of events) push(c.caseId, e);
      return;
    }
    // Every fifth case is claimed late, after the unclaimed window escalated to the department leader.
    const late = i % 5 === 0;
    if (late) {
      const missedAt = claimDue;
      events.push(
        createCaseEvent(deadlineMissedV1, {
          ...at(missedAt),
          payload: {
            at: iso(missedAt),
            actor: system,
            deadlineId: 'claim-1',
            kind: 'claimWindow',
            dueAt: iso(claimDue),
            notify: [department.id],
            extensionRequestLapsed: false,
          },
        }),
      );
      events.push(
        createCaseEvent(caseEscalatedV1, {
          ...at(missedAt),
          payload: {
            at: iso(missedAt),
            actor: system,
            trigger: 'unclaimed',
            step: 1,
            target: 'responsibleLeader',
            targetIds: [department.leaderIds[0]!],
          },
        }),
      );
    }
    now = late ? claimDue + 6 * HOUR : now + (1 + (i % 3)) * 8 * HOUR;
    const handlingDue = now + 15 * DAY;
    events.push(
      createCaseEvent(caseClaimedV1, {
        ...at(now),
        payload: {
          at: iso(now),
          actor: handler,
          leadDepartmentId: department.id,
          coHandlingDepartmentIds: [],
          late,
          handlingDueAt: iso(handlingDue),
          supervision: { ...supervision, since: iso(now) },
        },
      }),
    );
    if (i % 7 === 0) {
      events.push(
        createCaseEvent(extensionRequestedV1, {
          ...at(now + DAY),
          payload: { at: iso(now + DAY), actor: handler, workingDays: 5, reason: '材料未到' },
        }),
      );
      events.push(
        createCaseEvent(extensionApprovedV1, {
          ...at(now + DAY + HOUR),
          payload: {
            at: iso(now + DAY + HOUR),
            actor: { id: department.supervisingLeaderId, role: 'district-leader' },
            reason: '情况属实',
            workingDays: 5,
            previousDueAt: iso(handlingDue),
            newDueAt: iso(handlingDue + 7 * DAY),
          },
        }),
      );
    }
    if (i % 50 === 0) {
      events.push(
        createCaseEvent(caseFlaggedConcentratedV1, {
          ...at(now + 2 * DAY),
          payload: {
            at: iso(now + 2 * DAY),
            actor: system,
            reason: '同类问题集中',
            supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1'], since: iso(now + 2 * DAY) },
          },
        }),
      );
    }
    const rounds = outcome === 'approved' && i < t.dissatisfiedRatings ? 2 : 1;
    for (let round = 1; round <= rounds; round += 1) {
      now += 10 * DAY;
      events.push(
        createCaseEvent(resultReportedV1, {
          ...at(now),
          payload: {
            at: iso(now),
            actor: handler,
            summary: '已办结',
            overdue: i % 11 === 0,
            feedbackDueAt: iso(now + 2 * DAY),
          },
        }),
      );
      now += DAY;
      events.push(
        createCaseEvent(feedbackGivenV1, {
          ...at(now),
          payload: { at: iso(now), actor: triage, late: false, ratingDueAt: iso(now + 7 * DAY) },
        }),
      );
      now += 2 * DAY;
      if (outcome === 'unrated') {
        events.push(
          createCaseEvent(ratingWindowExpiredV1, {
            ...at(now + 5 * DAY),
            payload: { at: iso(now + 5 * DAY), actor: system, deadlineId: 'rating-1' },
          }),
        );
        events.push(
          createCaseEvent(caseClosedV1, {
            ...at(now + 5 * DAY),
            payload: { at: iso(now + 5 * DAY), actor: system, closure: 'notRated' },
          }),
        );
      } else if (round < rounds) {
        events.push(
          createCaseEvent(caseRatedV1, {
            ...at(now),
            payload: { at: iso(now), actor: resident, rating: 'dissatisfied', comment: '问题未解决' },
          }),
        );
        events.push(
          createCaseEvent(caseReopenedV1, {
            ...at(now),
            payload: { at: iso(now), actor: system, reopenCount: round, dueAt: iso(now + 15 * DAY) },
          }),
        );
      } else {
        const rating = i % 4 === 0 ? 'basicallySatisfied' : 'satisfied';
        events.push(
          createCaseEvent(caseRatedV1, { ...at(now), payload: { at: iso(now), actor: resident, rating } }),
        );
        events.push(
          createCaseEvent(caseClosedV1, {
            ...at(now),
            payload: { at: iso(now), actor: system, closure: rating },
          }),
        );
      }
    }
    for (const e of events) push(c.caseId, e);
  });
  // The mediations: first the disputes solved at meetings, then those mediated outside the case loop.
  if (mediatedAtMeetings.length > t.mediations) throw new Error('more disputes solved on the spot than mediations');
  const methods = ['faceToFace', 'homeVisit', 'phone', 'online'] as const;
  let agreedSoFar = 0;
  for (let i = 0; i < t.mediations; i += 1) {
    const atMeeting = mediatedAtMeetings[i];
    const villageIndex = atMeeting?.villageIndex ?? (i * 11) % villages.length;
    const village = villages[villageIndex]!;
    const at = atMeeting?.at ?? start + Math.floor((span * (i - mediatedAtMeetings.length)) / (t.mediations - mediatedAtMeetings.length));
    const mediatedOn = shanghaiDay(at);
    const outcome = i < t.mediationsAgreed ? 'agreed' : i < t.mediationsAgreed + t.mediationsPartial ? 'partial' : 'failed';
    const mediationId = `seed-mediation-${String(i + 1).padStart(4, '0')}`;
    const secretary = { id: village.secretaryId, role: 'village-secretary' as const, townId: village.townId, villageId: village.id };
    const followUpOn = outcome === 'failed' ? undefined : shanghaiDay(at + 30 * DAY);
    push(
      mediationId,
      createGovernanceEvent(mediationRecordedV1, {
        eventId: `mediation:${mediationId}/recorded`,
        subjectId: mediationId,
        occurredAt: iso(at + HOUR),
        payload: {
          at: iso(at + HOUR),
          actor: secretary,
          ...(atMeeting ? { caseId: atMeeting.caseId, meetingId: atMeeting.meetingId } : {}),
          place: { townId: village.townId, villageId: village.id },
          mediatorKind: i % 3 === 0 ? 'official' : 'courtyardMediator',
          parties: 2 + (i % 3),
          mediatedOn,
          method: atMeeting ? 'atMeeting' : methods[i % methods.length]!,
          outcome,
          ...(followUpOn ? { followUpOn } : {}),
        },
      }),
    );
    if (outcome === 'agreed' && (agreedSoFar++ % 50 === 0)) {
      const checkedAt = at + 30 * DAY;
      push(
        mediationId,
        createGovernanceEvent(mediationFollowedUpV1, {
          eventId: `mediation:${mediationId}/followed-up`,
          subjectId: mediationId,
          occurredAt: iso(checkedAt),
          payload: { at: iso(checkedAt), actor: secretary, checkedOn: shanghaiDay(checkedAt), held: agreedSoFar % 500 !== 1 },
        }),
      );
    }
  }
  // Each event exactly once: "applied = published" is how the suites know the service caught up.
  const ids = new Set(messages.map((m) => (JSON.parse(m.value) as { eventId: string }).eventId));
  if (ids.size !== messages.length) throw new Error(`${messages.length - ids.size} seed events share an id`);
  return messages;
}

function raised(
  caseId: string,
  at: number,
  actor: { id: string; role: 'village-secretary' | 'resident'; townId?: string; villageId?: string },
  category: string,
  channel: 'meeting' | 'onlineGroup',
  location: { townId: string; villageId: string },
  meetingId: string | undefined,
  seq = 1,
) {
  return createCaseEvent(caseRaisedV1, {
    eventId: `${caseId}/${seq}`,
    caseId,
    occurredAt: iso(at),
    payload: {
      at: iso(at),
      actor,
      caseId,
      policyVersion: '2025.1',
      category,
      description: `${category}问题`,
      complexity: 'general',
      channel,
      ...(meetingId ? { meetingId } : {}),
      location,
      reporterIds: [`resident-${location.villageId}-1`],
      attachmentRefs: [],
    },
  });
}
