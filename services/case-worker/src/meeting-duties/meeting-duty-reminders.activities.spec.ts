import type { DutyMeeting, MeetingDuty } from '@bishan/domain';
import { createMeetingDutyReminderActivities, previousHalfYear } from './meeting-duty-reminders.activities';

const org = {
  districtLeaders: [{ id: 'dl-1', linkedTownIds: ['laifeng'] }],
  towns: [{ id: 'laifeng', leaderIds: ['laifeng-head'] }],
  villages: [{ id: 'dengfeng', townId: 'laifeng', secretaryId: 'dengfeng-secretary' }],
  courtyards: [
    { id: 'dengfeng-yard-01', villageId: 'dengfeng', group: 1 },
    { id: 'dengfeng-yard-02', villageId: 'dengfeng', group: 2 },
  ],
};

function run(asOf: string, meetings: DutyMeeting[] = []) {
  const asked: { from: Date; to: Date }[] = [];
  let told: { reminders: readonly MeetingDuty[]; overdue: readonly MeetingDuty[]; at: string } | undefined;
  const activities = createMeetingDutyReminderActivities({
    organisation: async () => org,
    meetingsClosedBetween: async (from, to) => {
      asked.push({ from, to });
      return meetings;
    },
    notify: async (notices) => {
      told = notices;
      return { reminded: notices.reminders.length, overdue: notices.overdue.length };
    },
  });
  return activities.remindMeetingDuties({ asOf }).then((result) => ({ result, asked, told: told! }));
}

describe('the meeting duty reminder run', () => {
  it('steps back a half-year across the new year', () => {
    expect(previousHalfYear('2026-H2')).toBe('2026-H1');
    expect(previousHalfYear('2026-H1')).toBe('2025-H2');
  });

  it('reminds the duties due within 30 days that are not done, and reads the meetings of both years', async () => {
    const { result, asked, told } = await run('2026-12-10T00:00:00.000Z', [
      { id: 'v1', level: 'village', convenerId: 'dengfeng-secretary', townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01', closedAt: '2026-09-01T00:00:00.000Z' },
    ]);
    expect(result).toEqual({ asOf: '2026-12-10T00:00:00.000Z', reminded: 3, overdue: 0 });
    expect(told.reminders.map((d) => d.id).sort()).toEqual([
      'districtLeaderTowns:dl-1:laifeng:2026',
      'secretaryResidentGroups:dengfeng:2:2026-H2',
      'townLeadershipVillages:dengfeng:2026-H2',
    ]);
    expect(asked).toEqual([{ from: new Date('2025-12-31T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') }]);
  });

  it('reminds nothing earlier than 30 days before the end', async () => {
    expect((await run('2026-11-30T00:00:00.000Z')).result).toMatchObject({ reminded: 0, overdue: 0 });
  });

  it('tells the previous period’s overdue duties in the 30 days after it ended, not later', async () => {
    const early = await run('2027-01-05T00:00:00.000Z');
    expect(early.result).toMatchObject({ reminded: 0, overdue: 4 });
    expect(early.told.overdue.map((d) => d.period.key).sort()).toEqual(['2026', '2026-H2', '2026-H2', '2026-H2']);
    expect(early.asked[0]).toEqual({ from: new Date('2025-12-31T16:00:00.000Z'), to: new Date('2027-12-31T16:00:00.000Z') });
    expect((await run('2027-02-15T00:00:00.000Z')).result).toMatchObject({ overdue: 0 });
  });
});
