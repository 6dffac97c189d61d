import type { GovernanceEvent } from '@bishan/contracts';
import type { BishanOrganisation } from '@bishan/db';
import { publicReference, residentGroupsOf } from '@bishan/domain';
import type { Notice } from '../recipients/notices-for-event';
import { shanghaiTime } from '../recipients/notices-for-event';

type DutyEvent = Extract<GovernanceEvent, { type: 'meetingDuty.reminderDue' | 'meetingDuty.overdue' }>;

const dutyNames: Record<DutyEvent['payload']['kind'], string> = {
  districtLeaderTowns: '区领导到联系镇街',
  townLeadershipVillages: '镇街领导到村(社区)',
  secretaryResidentGroups: '村(社区)书记到村(居)民小组',
};

/** The town, village and residents' group of a duty, by name. */
export function dutyUnitName(unit: DutyEvent['payload']['unit'], org: BishanOrganisation): string {
  const town = org.towns.find((t) => t.id === unit.townId)?.name ?? unit.townId;
  const village = unit.villageId ? (org.villages.find((v) => v.id === unit.villageId)?.name ?? unit.villageId) : '';
  const group =
    unit.villageId && unit.group !== undefined ? (residentGroupsOf(org, unit.villageId).find((g) => g.number === unit.group)?.name ?? `${unit.group}组`) : '';
  return `${town}${village}${group}`;
}

/**
 * Who supervises a duty's holders and hears that it ended short: a village secretary's town
 * leadership, a town's linked district leader, a district leader's top district leaders.
 */
function supervisorsOf(payload: DutyEvent['payload'], org: BishanOrganisation): string[] {
  switch (payload.kind) {
    case 'secretaryResidentGroups':
      return [...(org.towns.find((t) => t.id === payload.unit.townId)?.leaderIds ?? [])];
    case 'townLeadershipVillages':
      return (org.towns.find((t) => t.id === payload.unit.townId)?.linkedDistrictLeaderIds ?? []).slice(0, 1);
    case 'districtLeaderTowns':
      return org.topDistrictLeaders.map((l) => l.id);
  }
}

/** What a governance event tells whom: duty reminders to the holders, overdue duties to them and their supervisors. */
export function noticesForGovernanceEvent(event: GovernanceEvent, org: BishanOrganisation): Notice[] {
  switch (event.type) {
    case 'meetingDuty.reminderDue':
    case 'meetingDuty.overdue': {
      const p = event.payload;
      const due = event.type === 'meetingDuty.reminderDue';
      return [
        {
          kind: due ? 'meetingDutyDue' : 'meetingDutyOverdue',
          urgent: false,
          recipients: [...new Set([...p.holderIds, ...(due ? [] : supervisorsOf(p, org))])],
          groups: [],
          values: {
            dutyName: dutyNames[p.kind],
            unitName: dutyUnitName(p.unit, org),
            periodKey: p.period.key,
            dueAt: shanghaiTime(p.dueAt),
            held: String(p.held),
            required: String(p.required),
          },
        },
      ];
    }
    case 'ledgerReview.opened':
    case 'ledgerReview.reminderDue':
    case 'ledgerReview.escalated':
    case 'ledgerReview.itemEscalated': {
      const p = event.payload;
      const unitName =
        p.unit.kind === 'town'
          ? (org.towns.find((t) => t.id === (p.unit as { townId: string }).townId)?.name ?? '')
          : (org.departments.find((d) => d.id === (p.unit as { departmentId: string }).departmentId)?.name ?? '');
      const base = { unitName, period: p.period, dueAt: shanghaiTime(p.dueAt) };
      switch (event.type) {
        case 'ledgerReview.opened':
          return [
            {
              kind: 'ledgerReviewOpened',
              urgent: false,
              recipients: [...p.leaderIds],
              groups: [],
              values: { ...base, toStrikeOff: String(event.payload.toStrikeOff), toCarryOver: String(event.payload.toCarryOver) },
            },
          ];
        case 'ledgerReview.reminderDue':
          return [{ kind: 'ledgerReviewReminder', urgent: false, recipients: [...p.leaderIds], groups: [], values: { ...base, undecided: String(event.payload.undecided) } }];
        case 'ledgerReview.escalated':
          return [{ kind: 'ledgerReviewEscalated', urgent: true, recipients: [...p.supervisorIds], groups: [], values: { ...base, undecided: String(event.payload.undecided) } }];
        case 'ledgerReview.itemEscalated':
          return [
            {
              kind: 'ledgerItemEscalated',
              urgent: true,
              recipients: [...p.supervisorIds],
              groups: [],
              values: {
                ...base,
                caseId: event.payload.caseId,
                caseRef: publicReference(event.payload.caseId),
                carriedOver: String(event.payload.carriedOver),
                reason: event.payload.reason,
                newTargetDate: event.payload.newTargetDate,
              },
            },
          ];
      }
      return [];
    }
    case 'ledgerReview.signedOff':
    case 'mediation.recorded':
    case 'mediation.followedUp':
      // Mediations are counted, not announced; a signed sheet is on the review page.
      return [];
  }
}
