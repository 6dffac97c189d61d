import {
  ledgerItemEscalatedEventOf,
  ledgerReviewEscalatedEventOf,
  ledgerReviewOpenedEventOf,
  ledgerReviewReminderEventOf,
  ledgerReviewSignedOffEventOf,
  parseGovernanceEvent,
  type GovernanceEvent,
  type GovernanceEventEnvelope,
} from '@bishan/contracts';
import { bishanOrganisation } from '@bishan/db';
import { noticesForGovernanceEvent } from './notices-for-governance-event';

const org = bishanOrganisation();
const base = {
  reviewId: 'ledger-review:q:2026-11:town:laifeng',
  period: '2026-11',
  unit: { kind: 'town' as const, townId: 'laifeng' },
  dueAt: '2026-12-05T16:00:00.000Z',
  leaderIds: ['laifeng-secretary'],
  supervisorIds: ['dl-01'],
};
const at = '2026-12-03T02:00:00.000Z';

function parsed(envelope: GovernanceEventEnvelope): GovernanceEvent {
  const result = parseGovernanceEvent(envelope);
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

describe('who hears of a ledger review (对账销号)', () => {
  it("tells the unit's leaders of a new sheet and of the coming deadline, by the unit's name, in Beijing time", () => {
    expect(noticesForGovernanceEvent(parsed(ledgerReviewOpenedEventOf(base, at, { toStrikeOff: 3, toCarryOver: 2 })), org)).toEqual([
      {
        kind: 'ledgerReviewOpened',
        urgent: false,
        recipients: ['laifeng-secretary'],
        groups: [],
        values: { unitName: '来凤街道', period: '2026-11', dueAt: '2026-12-06 00:00', toStrikeOff: '3', toCarryOver: '2' },
      },
    ]);
    const reminder = noticesForGovernanceEvent(parsed(ledgerReviewReminderEventOf(base, at, 4)), org);
    expect(reminder.map((n) => [n.kind, n.urgent, n.recipients, n.values.undecided])).toEqual([['ledgerReviewReminder', false, ['laifeng-secretary'], '4']]);
  });

  it('takes an unsigned sheet and a line carried over twice to the supervising district leader, urgently', () => {
    const late = noticesForGovernanceEvent(parsed(ledgerReviewEscalatedEventOf(base, at, 1)), org);
    expect(late.map((n) => [n.kind, n.urgent, n.recipients])).toEqual([['ledgerReviewEscalated', true, ['dl-01']]]);
    const decided = {
      caseId: 'c1',
      decision: { kind: 'carryOver' as const, reason: '资金未到位', newTargetDate: '2027-01-20' },
      signerId: 'laifeng-secretary',
      signerName: '吴世明',
      decidedAt: at,
      escalate: true,
    };
    const item = noticesForGovernanceEvent(parsed(ledgerItemEscalatedEventOf(base, decided, 2)), org);
    expect(item.map((n) => [n.kind, n.urgent, n.recipients, n.values.carriedOver, n.values.reason])).toEqual([['ledgerItemEscalated', true, ['dl-01'], '2', '资金未到位']]);
  });

  it('names a department by its name, and tells nobody of a signed sheet', () => {
    const department = { ...base, unit: { kind: 'department' as const, departmentId: 'power-supply' } };
    const name = org.departments.find((d) => d.id === 'power-supply')?.name;
    expect(noticesForGovernanceEvent(parsed(ledgerReviewReminderEventOf(department, at, 1)), org)[0]?.values.unitName).toBe(name);
    expect(noticesForGovernanceEvent(parsed(ledgerReviewSignedOffEventOf(base, at, 'laifeng-secretary', { struckOff: 3, carriedOver: 2 })), org)).toEqual([]);
  });
});
