import type { Actor } from '../actor';
import {
  compareCase,
  decideSignOff,
  isReconciliationMonth,
  previousShanghaiMonth,
  requiredSignOffs,
  shanghaiMonthRange,
  signOffsShown,
  type ReconciledCaseSide,
  type ResponsibleParties,
} from './reconciliation';

const side = (overrides: Partial<ReconciledCaseSide> = {}): ReconciledCaseSide => ({
  status: 'inProgress',
  nextDeadlineAt: '2026-10-12T16:00:00.000Z',
  lastEventSeq: 7,
  ...overrides,
});
const responsible: ResponsibleParties = {
  departmentId: 'power-supply',
  townId: 'laifeng',
  personId: 'power-supply-handler-1',
};

describe('reconciliation months (Asia/Shanghai)', () => {
  it('reconciles the month before the Shanghai month of the run', () => {
    // 1 Nov 02:00 Shanghai is still 31 Oct in UTC: the month before is October, not September.
    expect(previousShanghaiMonth('2026-10-31T18:00:00.000Z')).toBe('2026-10');
    expect(previousShanghaiMonth('2026-10-31T15:59:59.999Z')).toBe('2026-09');
    expect(previousShanghaiMonth('2026-01-05T00:00:00.000Z')).toBe('2025-12');
  });

  it('spans Shanghai midnights, December into the next year included', () => {
    expect(shanghaiMonthRange('2026-10')).toEqual({
      startMs: Date.parse('2026-09-30T16:00:00.000Z'),
      endMs: Date.parse('2026-10-31T16:00:00.000Z'),
    });
    expect(shanghaiMonthRange('2025-12').endMs).toBe(Date.parse('2025-12-31T16:00:00.000Z'));
    expect(() => shanghaiMonthRange('2026-13')).toThrow(RangeError);
    expect(isReconciliationMonth('2026-07')).toBe(true);
    expect(isReconciliationMonth('2026-7')).toBe(false);
  });
});

describe('compareCase', () => {
  it('finds nothing when both sides agree, deadlines compared as instants', () => {
    expect(
      compareCase('c1', side(), side({ nextDeadlineAt: '2026-10-13T00:00:00+08:00' }), responsible),
    ).toEqual([]);
  });

  it('names each difference of state and deadline', () => {
    const ledger = side({ status: 'closed', nextDeadlineAt: null });
    expect(compareCase('c1', ledger, side(), responsible).map((m) => m.kind)).toEqual([
      'statusDiffers',
      'deadlineDiffers',
    ]);
  });

  it('names a side that is missing', () => {
    expect(compareCase('c1', side(), null, responsible)).toMatchObject([
      { kind: 'workflowMissing', workflow: null },
    ]);
    expect(compareCase('c1', null, side(), responsible)).toMatchObject([
      { kind: 'readModelMissing', ledger: null },
    ]);
    expect(compareCase('c1', null, null, responsible)).toEqual([]);
  });
});

describe('sign-off', () => {
  const departmentLeader: Actor = {
    id: 'power-supply-leader-1',
    role: 'department-leader',
    departmentId: 'power-supply',
  };
  const otherDepartmentLeader: Actor = {
    id: 'um-leader-1',
    role: 'department-leader',
    departmentId: 'urban-management',
  };
  const townLeader: Actor = { id: 'laifeng-secretary', role: 'town-leader', townId: 'laifeng' };
  const otherTownLeader: Actor = { id: 'zhengxing-secretary', role: 'town-leader', townId: 'zhengxing' };
  const person: Actor = {
    id: 'power-supply-handler-1',
    role: 'department-handler',
    departmentId: 'power-supply',
  };
  const mismatches = [
    ...compareCase('c1', side({ status: 'closed' }), side(), responsible),
    ...compareCase('c2', side(), null, { departmentId: null, townId: 'laifeng', personId: null }),
  ];
  const required = requiredSignOffs(mismatches);

  it('needs each answerable department, unit and person once', () => {
    expect(required).toEqual([
      { role: 'department', partyId: 'power-supply' },
      { role: 'person', partyId: 'power-supply-handler-1' },
      { role: 'unit', partyId: 'laifeng' },
    ]);
    expect(requiredSignOffs([])).toEqual([]);
  });

  it("shows a reader the slots and signatures of the mismatches they may see, not another unit's", () => {
    const given = [
      { slot: 'unit:laifeng', note: '已核对' },
      { slot: 'department:power-supply', note: '台账已更正' },
      { slot: 'unit:zhengxing', note: '正兴街道的说明' },
    ];
    // A reader who sees only the town case c2: its unit's slot and signature.
    expect(signOffsShown([mismatches[1]!], given)).toEqual({
      required: [{ role: 'unit', partyId: 'laifeng' }],
      given: [given[0]],
    });
    expect(signOffsShown(mismatches, given)).toEqual({ required, given: given.slice(0, 2) });
    expect(signOffsShown([], given)).toEqual({ required: [], given: [] });
  });

  it('lets each party sign only its own slot', () => {
    expect(decideSignOff(required, [], 'department:power-supply', departmentLeader)).toMatchObject({
      ok: true,
    });
    expect(decideSignOff(required, [], 'unit:laifeng', townLeader)).toMatchObject({ ok: true });
    expect(decideSignOff(required, [], 'person:power-supply-handler-1', person)).toMatchObject({ ok: true });

    expect(decideSignOff(required, [], 'department:power-supply', otherDepartmentLeader)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(decideSignOff(required, [], 'department:power-supply', person)).toMatchObject({ ok: false });
    expect(decideSignOff(required, [], 'unit:laifeng', otherTownLeader)).toMatchObject({ ok: false });
    // A town-triage member of the same town is not one of its leaders.
    expect(decideSignOff(required, [], 'unit:laifeng', { ...townLeader, role: 'town-triage' })).toMatchObject(
      { ok: false },
    );
    expect(decideSignOff(required, [], 'person:power-supply-handler-1', departmentLeader)).toMatchObject({
      ok: false,
    });
  });

  it('refuses a slot that is not required or already signed', () => {
    expect(decideSignOff(required, [], 'unit:zhengxing', otherTownLeader)).toEqual({
      ok: false,
      code: 'not-required',
      reason: "sign-off 'unit:zhengxing' is not required for this reconciliation",
    });
    expect(decideSignOff(required, ['unit:laifeng'], 'unit:laifeng', townLeader)).toEqual({
      ok: false,
      code: 'already-signed',
      reason: "sign-off 'unit:laifeng' was already given",
    });
  });
});
