import { getPolicy } from '../case/case-policy';
import {
  type PolicyVersionStamp,
  checkPublication,
  draftOf,
  effectiveInstant,
  nextDraftVersion,
  nextTakeOver,
  policyInForce,
  publishedBody,
  seededEffectiveAt,
  whatIfWindow,
} from './policy-versions';

const published = (version: string, effectiveAt: string, publishedAt = effectiveAt): PolicyVersionStamp => ({
  version,
  status: 'published',
  effectiveAt,
  publishedAt,
});

describe('the version in force', () => {
  const versions: PolicyVersionStamp[] = [
    published('2025.1', '2024-12-31T16:00:00.000Z'),
    published('2026.2', '2026-12-04T10:00:00.000Z'),
    published('2027.1', '2027-01-01T00:00:00.000Z', '2026-12-20T00:00:00.000Z'),
    { version: '2027.2', status: 'draft', effectiveAt: null, publishedAt: null },
  ];

  it('is the latest published version whose effective time has come; drafts never are', () => {
    expect(policyInForce(versions, '2025-06-01T00:00:00Z')?.version).toBe('2025.1');
    expect(policyInForce(versions, '2026-12-04T10:00:00.000Z')?.version).toBe('2026.2');
    expect(policyInForce(versions, '2026-12-31T23:59:59.999Z')?.version).toBe('2026.2');
    expect(policyInForce(versions, '2027-01-01T00:00:00.000Z')?.version).toBe('2027.1');
    expect(policyInForce(versions, '2024-01-01T00:00:00Z')).toBeUndefined();
  });

  it('goes to the one published later when two take effect at the same instant', () => {
    const same = [published('a', '2027-01-01T00:00:00Z', '2026-12-01T00:00:00Z'), published('b', '2027-01-01T00:00:00Z', '2026-12-02T00:00:00Z')];
    expect(policyInForce(same, '2027-02-01T00:00:00Z')?.version).toBe('b');
    expect(policyInForce([...same].reverse(), '2027-02-01T00:00:00Z')?.version).toBe('b');
  });

  it('knows when the next published version takes over (how long a reading may be kept)', () => {
    expect(nextTakeOver(versions, '2026-12-20T00:00:00Z')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(nextTakeOver(versions, '2027-01-01T00:00:00Z')).toBeNull();
  });
});

describe('naming and publishing a draft', () => {
  it('names a draft by the Shanghai year and the next free number, the compiled versions included', () => {
    expect(nextDraftVersion(['2025.1', '2026.2'], '2026-12-04T10:00:00Z')).toBe('2026.3');
    expect(nextDraftVersion(['2025.1', '2026.2', '2026.3'], '2026-12-04T10:00:00Z')).toBe('2026.4');
    // 2026-12-31T17:00Z is already 1 January in Shanghai.
    expect(nextDraftVersion(['2026.2'], '2026-12-31T17:00:00Z')).toBe('2027.1');
    // A stored list that lost a compiled name still never reuses it.
    expect(nextDraftVersion([], '2026-06-01T00:00:00Z')).toBe('2026.3');
  });

  it('makes a draft from a version under its own name, without a date, and dates it when published', () => {
    const base = getPolicy('2026.2');
    const draft = draftOf(base, '2026.3');
    expect(draft).toEqual({ ...base, version: '2026.3', effectiveFrom: '' });
    expect(draft.breaches).not.toBe(base.breaches);
    expect(publishedBody(draft, '2026-12-07T16:30:00Z').effectiveFrom).toBe('2026-12-08');
  });

  it('needs a name, a reason and an effective time that has not passed', () => {
    const now = '2026-12-04T10:00:00Z';
    expect(checkPublication({ status: 'draft', name: '缩短认领时限', reason: '试点', effectiveAt: now }, now)).toEqual([]);
    // A few minutes behind (another clock) still means now; further back is refused.
    expect(checkPublication({ status: 'draft', name: 'n', reason: 'r', effectiveAt: '2026-12-04T09:57:00Z' }, now)).toEqual([]);
    expect(
      checkPublication({ status: 'published', name: ' ', reason: 'x'.repeat(2001), effectiveAt: '2026-12-04T09:00:00Z' }, now).map((p) => [p.field, p.code]),
    ).toEqual([
      ['status', 'not-a-draft'],
      ['name', 'required'],
      ['reason', 'too-long'],
      ['effectiveAt', 'in-the-past'],
    ]);
    expect(checkPublication({ status: 'draft', name: 'n', reason: 'x'.repeat(2001), effectiveAt: now }, now)[0]?.params).toEqual({ maximum: 2000 });
    expect(effectiveInstant('2026-12-04T09:58:00Z', now)).toBe(Date.parse(now));
    expect(effectiveInstant('2026-12-05T00:00:00Z', now)).toBe(Date.parse('2026-12-05T00:00:00Z'));
  });

  it('stores the compiled versions from their documented day, the latest in force from the seeding at the latest', () => {
    const now = '2026-12-04T10:00:00Z';
    expect(seededEffectiveAt(getPolicy('2025.1'), false, now)).toBe(Date.parse('2024-12-31T16:00:00Z'));
    expect(seededEffectiveAt(getPolicy('2026.2'), true, now)).toBe(Date.parse(now));
    expect(seededEffectiveAt(getPolicy('2026.2'), true, '2027-03-01T00:00:00Z')).toBe(Date.parse('2026-12-06T16:00:00Z'));
  });

  it('reads the months before the run for a what-if', () => {
    expect(whatIfWindow('2026-12-04T10:00:00.000Z', 6)).toEqual({ from: '2026-06-04T10:00:00.000Z', until: '2026-12-04T10:00:00.000Z' });
  });
});
