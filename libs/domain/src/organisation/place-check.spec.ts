// Through the public entry point only: the rest of the domain's files may move.
import { decide, initialState, type Actor, type Directory, type RaiseCase } from '../index';
import { checkRaisePlace, type PlaceDirectory } from './place-check';

const org: PlaceDirectory = {
  towns: [{ id: 'laifeng' }, { id: 'zhengxing' }],
  villages: [
    { id: 'dengfeng', townId: 'laifeng' },
    { id: 'shilong', townId: 'zhengxing' },
  ],
  courtyards: [
    { id: 'dengfeng-yard-01', villageId: 'dengfeng' },
    { id: 'shilong-yard-01', villageId: 'shilong' },
  ],
  categories: ['线路整治'],
};
const place = (location: { townId: string; villageId: string; courtyardId?: string }, category = '线路整治') => ({
  category,
  location,
});

describe('checkRaisePlace', () => {
  it('accepts a place that exists and hangs together, with or without a courtyard', () => {
    expect(checkRaisePlace(place({ townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' }), org)).toEqual([]);
    expect(checkRaisePlace(place({ townId: 'zhengxing', villageId: 'shilong' }), org)).toEqual([]);
  });

  it('names each unknown field', () => {
    const problems = checkRaisePlace(
      place({ townId: '<img src=x onerror=alert(1)>', villageId: 'nowhere', courtyardId: 'no-yard' }, '不存在'),
      org,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'category',
      'location.townId',
      'location.villageId',
      'location.courtyardId',
    ]);
    expect(problems.map((p) => p.problem)).toEqual([
      { rule: 'unknown', params: { value: '不存在' } },
      { rule: 'unknown', params: { value: '<img src=x onerror=alert(1)>' } },
      { rule: 'unknown', params: { value: 'nowhere' } },
      { rule: 'unknown', params: { value: 'no-yard' } },
    ]);
  });

  it('refuses a village of another town and a courtyard of another village', () => {
    expect(checkRaisePlace(place({ townId: 'zhengxing', villageId: 'dengfeng' }), org)).toEqual([
      {
        field: 'location.villageId',
        message: "village 'dengfeng' does not belong to town 'zhengxing'",
        problem: { rule: 'not-in-place', params: { value: 'dengfeng', parent: 'zhengxing' } },
      },
    ]);
    expect(
      checkRaisePlace(place({ townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'shilong-yard-01' }), org),
    ).toEqual([
      {
        field: 'location.courtyardId',
        message: "courtyard 'shilong-yard-01' does not belong to village 'dengfeng'",
        problem: { rule: 'not-in-place', params: { value: 'shilong-yard-01', parent: 'dengfeng' } },
      },
    ]);
  });
});

describe('raise scope of local officials (checkRaiseScope)', () => {
  const directory: Directory = { departments: [], towns: [], topDistrictLeaderIds: [] };
  const secretary: Actor = { id: 'sec-dengfeng', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' };
  const laifengLeader: Actor = { id: 'laifeng-leader', role: 'town-leader', townId: 'laifeng' };
  const raise = (actor: Actor, location: RaiseCase['location']): RaiseCase => ({
    type: 'raiseCase',
    actor,
    caseId: 'case-1',
    category: 'powerLines',
    description: 'tangled lines',
    complexity: 'simple',
    channel: 'meeting',
    location,
    reporterIds: ['r-1'],
  });
  const refusal = (command: RaiseCase) => {
    const decision = decide(initialState, command, { now: '2026-03-02T01:00:00.000Z', directory });
    return decision.ok ? null : decision.code;
  };

  it('keeps a village secretary to their village of their town', () => {
    expect(refusal(raise(secretary, { townId: 'laifeng', villageId: 'dengfeng' }))).toBeNull();
    expect(refusal(raise(secretary, { townId: 'zhengxing', villageId: 'dengfeng' }))).toBe('forbidden');
  });

  it('keeps a town leader to their town', () => {
    expect(refusal(raise(laifengLeader, { townId: 'laifeng', villageId: 'dengfeng' }))).toBeNull();
    expect(refusal(raise(laifengLeader, { townId: 'zhengxing', villageId: 'shilong' }))).toBe('forbidden');
  });
});
