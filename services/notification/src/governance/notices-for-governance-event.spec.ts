import { createGovernanceEvent, meetingDutyOverdueV1, meetingDutyReminderDueV1, parseGovernanceEvent, type GovernanceEvent } from '@bishan/contracts';
import { bishanOrganisation } from '@bishan/db';
import { noticesForGovernanceEvent } from './notices-for-governance-event';

const org = bishanOrganisation();
const duty = {
  at: '2026-12-10T00:00:00.000Z',
  actor: { id: 'system', role: 'system' as const },
  dutyId: 'secretaryResidentGroups:dengfeng:7:2026-H2',
  kind: 'secretaryResidentGroups' as const,
  level: 'village' as const,
  period: { key: '2026-H2', from: '2026-07-01', to: '2027-01-01' },
  dueAt: '2026-12-31T16:00:00.000Z',
  holderIds: ['dengfeng-secretary'],
  unit: { kind: 'residentGroup' as const, townId: 'laifeng', villageId: 'dengfeng', group: 7 },
  required: 1,
  held: 0,
};

function event(definition: typeof meetingDutyReminderDueV1 | typeof meetingDutyOverdueV1, payload: object = duty): GovernanceEvent {
  const parsed = parseGovernanceEvent(createGovernanceEvent(definition, { eventId: 'e1', subjectId: duty.dutyId, occurredAt: duty.at, payload: payload as typeof duty }));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

describe('who hears of a meeting duty', () => {
  it('reminds the holder, naming the town, village and group and the day it falls due in Beijing time', () => {
    expect(noticesForGovernanceEvent(event(meetingDutyReminderDueV1), org)).toEqual([
      {
        kind: 'meetingDutyDue',
        urgent: false,
        recipients: ['dengfeng-secretary'],
        groups: [],
        values: {
          dutyName: '村(社区)书记到村(居)民小组',
          unitName: '来凤街道登凤村7组',
          periodKey: '2026-H2',
          dueAt: '2027-01-01 00:00',
          held: '0',
          required: '1',
        },
      },
    ]);
  });

  it('tells an overdue duty to its holders and their supervisors: the town leadership, the linked district leader, the top leaders', () => {
    const laifeng = org.towns.find((t) => t.id === 'laifeng')!;
    expect(noticesForGovernanceEvent(event(meetingDutyOverdueV1), org)[0]?.recipients).toEqual(['dengfeng-secretary', ...laifeng.leaderIds]);
    const town = { ...duty, kind: 'townLeadershipVillages', level: 'town', holderIds: laifeng.leaderIds, unit: { kind: 'village', townId: 'laifeng', villageId: 'dengfeng' } };
    expect(noticesForGovernanceEvent(event(meetingDutyOverdueV1, town), org)[0]?.recipients).toEqual([...laifeng.leaderIds, laifeng.linkedDistrictLeaderIds[0]]);
    const district = { ...duty, kind: 'districtLeaderTowns', level: 'district', holderIds: ['dl-01'], required: 2, unit: { kind: 'town', townId: 'laifeng' } };
    const told = noticesForGovernanceEvent(event(meetingDutyOverdueV1, district), org)[0];
    expect(told?.recipients).toEqual(['dl-01', ...org.topDistrictLeaders.map((l) => l.id)]);
    expect(told?.values.unitName).toBe('来凤街道');
  });
});
