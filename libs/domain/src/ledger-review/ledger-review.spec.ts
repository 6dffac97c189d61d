import type { Actor } from '../actor';
import {
  currentLedgerReviewPolicy,
  decideItem,
  decideReviewSignOff,
  reviewSchedule,
  reviewSheet,
  type DecideItem,
  type LedgerCase,
  type ReviewItem,
  type ReviewUnit,
} from './ledger-review';

const policy = currentLedgerReviewPolicy();
const town: ReviewUnit = { kind: 'town', townId: 'laifeng' };
const department: ReviewUnit = { kind: 'department', departmentId: 'power-supply' };
const leader: Actor = { id: 'laifeng-secretary', role: 'town-leader', townId: 'laifeng' };
const now = '2026-12-02T02:00:00.000Z';

const aCase = (caseId: string, fields: Partial<LedgerCase>): LedgerCase => ({
  caseId,
  townId: 'laifeng',
  handlerLevel: 'village',
  handlerUnitId: 'dengfeng',
  status: 'handling',
  raisedAt: '2026-10-05T02:00:00.000Z',
  closedAt: null,
  ...fields,
});

describe('the review sheet', () => {
  const cases = [
    aCase('c-closed', { status: 'closed', closedAt: '2026-11-10T02:00:00.000Z' }),
    // 23:59 on 30 November in Shanghai is November; 00:00 on 1 December is not.
    aCase('c-closed-late-nov', { status: 'closed', closedAt: '2026-11-30T15:59:00.000Z' }),
    aCase('c-closed-dec', { status: 'closed', closedAt: '2026-11-30T16:00:00.000Z' }),
    aCase('c-closed-before', { status: 'closed', closedAt: '2026-10-20T02:00:00.000Z' }),
    aCase('c-open', {}),
    aCase('c-raised-dec', { raisedAt: '2026-12-01T01:00:00.000Z' }),
    // Led by a department: on the department's ledger, not the town's.
    aCase('c-power', { handlerLevel: 'district', handlerUnitId: 'power-supply' }),
    // Published, not claimed yet: still the town's.
    aCase('c-published', { handlerLevel: 'district', handlerUnitId: null, status: 'published' }),
    aCase('c-other-town', { townId: 'zhengxing' }),
  ];

  it("lists what closed since the last review to strike off and what is open to carry over, in the unit's ledger", () => {
    const sheet = reviewSheet(town, cases, [{ caseId: 'c-open', kind: 'carryOver' }], '2026-11', '2026-10-31T16:00:00.000Z');
    expect(sheet).toEqual([
      { caseId: 'c-closed', section: 'closed', carriedOverBefore: 0 },
      { caseId: 'c-closed-late-nov', section: 'closed', carriedOverBefore: 0 },
      { caseId: 'c-open', section: 'open', carriedOverBefore: 1 },
      { caseId: 'c-published', section: 'open', carriedOverBefore: 0 },
    ]);
    expect(reviewSheet(department, cases, [], '2026-11', '2026-10-31T16:00:00.000Z')).toEqual([{ caseId: 'c-power', section: 'open', carriedOverBefore: 0 }]);
  });

  it('takes from the previous review’s month what was not struck off then', () => {
    const sheet = reviewSheet(town, cases, [{ caseId: 'c-closed', kind: 'strikeOff' }], '2026-11', '2026-09-30T16:00:00.000Z');
    expect(sheet.filter((i) => i.section === 'closed').map((i) => i.caseId)).toEqual(['c-closed-before', 'c-closed-late-nov']);
  });

  it('is due five days after the month, reminded two days before', () => {
    expect(reviewSchedule('2026-11', policy)).toEqual({
      periodEndAt: '2026-11-30T16:00:00.000Z',
      remindAt: '2026-12-03T16:00:00.000Z',
      dueAt: '2026-12-05T16:00:00.000Z',
    });
  });
});

describe('deciding the lines and signing the sheet', () => {
  const items: ReviewItem[] = [
    { caseId: 'closed-1', section: 'closed', carriedOverBefore: 0 },
    { caseId: 'open-once', section: 'open', carriedOverBefore: 1 },
    { caseId: 'open-new', section: 'open', carriedOverBefore: 0 },
  ];
  const ctx = { now, policy, signedOff: false };
  const command = (extra: Partial<DecideItem>): DecideItem => ({
    caseId: 'closed-1',
    decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true },
    actor: leader,
    signature: '吴世明',
    registeredName: '吴世明',
    ...extra,
  });

  it('strikes a closed line off once result and rating are checked, signed by the leader’s own name', () => {
    expect(decideItem(town, items, new Set(), command({}), ctx)).toEqual({
      ok: true,
      decided: {
        caseId: 'closed-1',
        decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true },
        signerId: 'laifeng-secretary',
        signerName: '吴世明',
        decidedAt: now,
        escalate: false,
      },
    });
    expect(decideItem(town, items, new Set(), command({ decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: false } }), ctx)).toMatchObject({
      code: 'invalid',
      field: 'decision.resultChecked',
    });
    expect(decideItem(town, items, new Set(), command({ signature: '别人' }), ctx)).toMatchObject({ field: 'signature' });
    expect(decideItem(town, items, new Set(['closed-1']), command({}), ctx)).toMatchObject({ code: 'wrong-state' });
    expect(decideItem(town, items, new Set(), command({ actor: { ...leader, townId: 'zhengxing' } }), ctx)).toMatchObject({ code: 'forbidden' });
    expect(decideItem(town, items, new Set(), command({ actor: { id: 't', role: 'town-triage', townId: 'laifeng' } }), ctx)).toMatchObject({ code: 'forbidden' });
    expect(decideItem(town, items, new Set(), command({}), { ...ctx, signedOff: true })).toMatchObject({ code: 'wrong-state' });
  });

  it('carries an open line over with a reason and a date ahead, escalating the second time', () => {
    const carry = (caseId: string, newTargetDate = '2026-12-20', reason = '材料未到') =>
      decideItem(town, items, new Set(), command({ caseId, decision: { kind: 'carryOver', reason, newTargetDate } }), ctx);
    expect(carry('open-new')).toMatchObject({ ok: true, decided: { escalate: false, decision: { reason: '材料未到' } } });
    expect(carry('open-once')).toMatchObject({ ok: true, decided: { escalate: true } });
    expect(carry('open-new', '2026-12-02')).toMatchObject({ field: 'decision.newTargetDate' });
    expect(carry('open-new', '2026-13-01')).toMatchObject({ field: 'decision.newTargetDate' });
    expect(carry('open-new', '2026-12-20', '  ')).toMatchObject({ field: 'decision.reason' });
    expect(carry('closed-1')).toMatchObject({ code: 'wrong-state' });
    expect(decideItem(town, items, new Set(), command({ caseId: 'open-new' }), ctx)).toMatchObject({ code: 'wrong-state' });
    expect(decideItem(town, items, new Set(), command({ caseId: 'elsewhere' }), ctx)).toMatchObject({ field: 'caseId' });
  });

  it('names each refused field’s rule as a code with its figures, for a form in another language', () => {
    const rule = (decision: ReturnType<typeof decideItem>) => (decision.ok ? null : { field: decision.field, ...decision.fieldProblem });
    const carry = (newTargetDate: string, reason = '材料未到') =>
      decideItem(town, items, new Set(), command({ caseId: 'open-new', decision: { kind: 'carryOver', reason, newTargetDate } }), ctx);
    expect(rule(decideItem(town, items, new Set(), command({ signature: ' ' }), ctx))).toEqual({ field: 'signature', rule: 'required' });
    expect(rule(decideItem(town, items, new Set(), command({ signature: '别人' }), ctx))).toEqual({
      field: 'signature',
      rule: 'not-your-name',
      params: { name: '吴世明' },
    });
    expect(rule(decideItem(town, items, new Set(), command({ decision: { kind: 'strikeOff', resultChecked: false, ratingChecked: true } }), ctx))).toEqual({
      field: 'decision.resultChecked',
      rule: 'unchecked',
    });
    expect(rule(carry('2026-12-02'))).toEqual({ field: 'decision.newTargetDate', rule: 'not-ahead', params: { value: '2026-12-02' } });
    expect(rule(carry('2026-13-01'))).toEqual({ field: 'decision.newTargetDate', rule: 'not-a-date', params: { value: '2026-13-01' } });
    expect(rule(carry('2026-12-20', ' '))).toEqual({ field: 'decision.reason', rule: 'required' });
    expect(rule(decideItem(town, items, new Set(), command({ caseId: 'elsewhere' }), ctx))).toEqual({ field: 'caseId', rule: 'unknown', params: { value: 'elsewhere' } });
  });

  it('is signed by the leader once every line is decided', () => {
    const all = new Set(items.map((i) => i.caseId));
    const sign = { actor: leader, signature: '吴世明', registeredName: '吴世明' };
    expect(decideReviewSignOff(town, items, new Set(['closed-1']), sign, false)).toMatchObject({ code: 'wrong-state' });
    expect(decideReviewSignOff(town, items, all, sign, false)).toEqual({ ok: true, signerName: '吴世明' });
    expect(decideReviewSignOff(town, items, all, sign, true)).toMatchObject({ code: 'wrong-state' });
    expect(decideReviewSignOff(department, items, all, sign, false)).toMatchObject({ code: 'forbidden' });
    expect(
      decideReviewSignOff(department, items, all, { ...sign, actor: { id: 'p', role: 'department-leader', departmentId: 'power-supply' } }, false),
    ).toMatchObject({ ok: true });
  });
});
