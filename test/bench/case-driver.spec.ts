import {
  firstHoldRate,
  HOLD_TAIL_LIMIT_S,
  isFullLoop,
  judgeOwnRead,
  keptPace,
  leftoverIds,
  nextHoldRate,
  nextSustainRate,
  steadyPlan,
} from './case-driver';

describe('judgeOwnRead', () => {
  const caseRead = (lastEventSeq: number, status = 'inLedger') => ({
    status: 200,
    body: { id: 'c', status, lastEventSeq },
  });

  it('after an action: fresh when the read model has reached the action’s eventSeq, stale below it', () => {
    expect(judgeOwnRead({ after: 'action', eventSeq: 4 }, caseRead(4))).toBe('fresh');
    expect(judgeOwnRead({ after: 'action', eventSeq: 4 }, caseRead(5))).toBe('fresh');
    expect(judgeOwnRead({ after: 'action', eventSeq: 4 }, caseRead(3))).toBe('stale');
  });

  it('after a raise: fresh when recorded with the status the raise answered, stale otherwise', () => {
    expect(judgeOwnRead({ after: 'raise', status: 'closed' }, caseRead(2, 'closed'))).toBe('fresh');
    expect(judgeOwnRead({ after: 'raise', status: 'closed' }, caseRead(1, 'inLedger'))).toBe('stale');
    expect(judgeOwnRead({ after: 'raise', status: 'inLedger' }, caseRead(0, 'inLedger'))).toBe('stale');
  });

  it('a 404 is not found; another failure is an error, not a read-your-writes violation', () => {
    expect(judgeOwnRead({ after: 'raise', status: 'inLedger' }, { status: 404, body: {} })).toBe('notFound');
    expect(judgeOwnRead({ after: 'action', eventSeq: 2 }, { status: 503, body: {} })).toBe('error');
    expect(judgeOwnRead({ after: 'action', eventSeq: 2 }, { status: 0, body: undefined })).toBe('error');
  });

  it('a 200 without a sequence number (a view that hides it) cannot show the write: stale', () => {
    expect(judgeOwnRead({ after: 'action', eventSeq: 2 }, { status: 200, body: { status: 'closed' } })).toBe(
      'stale',
    );
  });
});

describe('steadyPlan', () => {
  it('holds 70 % of R3 for the given time when that offers enough cases', () => {
    expect(steadyPlan(10, 10)).toEqual({ rate: 7, durationS: 10 });
  });

  it('never goes below 0.5/s (R3 may be 0), and lasts long enough for 20 cases', () => {
    expect(steadyPlan(0, 10)).toEqual({ rate: 0.5, durationS: 40 });
    expect(steadyPlan(2, 10)).toEqual({ rate: 1.4, durationS: 15 });
    expect(steadyPlan(Number.NaN, 10).rate).toBe(0.5);
  });
});

describe('isFullLoop', () => {
  const fullLoops = (count: number, onSpotShare: number) =>
    Array.from({ length: count }, (_, i) => i).filter((i) => isFullLoop(i, onSpotShare));

  it('spreads 10 % full loops evenly: cases 9 and 19 of 20, exactly 10 of the first 100', () => {
    expect(fullLoops(20, 0.9)).toEqual([9, 19]);
    expect(fullLoops(100, 0.9)).toHaveLength(10);
  });

  it('all on the spot at 1, all full loops at 0', () => {
    expect(fullLoops(50, 1)).toEqual([]);
    expect(fullLoops(5, 0)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('firstHoldRate', () => {
  it('begins 20 % under what the best step completed, rounded down', () => {
    // The load parts of 2026-12-07: 16:13's 30/s step completed 24.54/s, 07:32's 20/s step 19.79/s.
    expect(firstHoldRate({ rate: 30, completedPerS: 24.54 })).toBe(19);
    expect(firstHoldRate({ rate: 20, completedPerS: 19.79 })).toBe(15);
  });

  it('never above the step, never below 1/s', () => {
    expect(firstHoldRate({ rate: 4, completedPerS: 6 })).toBe(4);
    expect(firstHoldRate({ rate: 1, completedPerS: 0.9 })).toBe(1);
  });
});

describe('nextHoldRate', () => {
  const hold = (rate: number, passed: boolean, completedPerS = rate) => ({
    rate,
    passed,
    completedPerS,
    closed: 1000,
    offered: 1000,
  });

  it('after a pass climbs halfway to the ceiling, rounded up, until nothing lies between', () => {
    // 07:32's ladder: best step 20/s; holds from 15 reach 20 in four.
    expect(nextHoldRate([hold(15, true)], 20)).toBe(18);
    expect(nextHoldRate([hold(15, true), hold(18, true)], 20)).toBe(19);
    expect(nextHoldRate([hold(15, true), hold(18, true), hold(19, true)], 20)).toBe(20);
    expect(
      nextHoldRate([hold(15, true), hold(18, true), hold(19, true), hold(20, true)], 20),
    ).toBeUndefined();
  });

  it('after a failure above a pass, searches between them', () => {
    expect(nextHoldRate([hold(21, true), hold(26, false, 24.1)], 30)).toBe(23);
    expect(nextHoldRate([hold(21, true), hold(26, false), hold(23, false)], 30)).toBe(22);
    expect(
      nextHoldRate([hold(21, true), hold(26, false), hold(23, false), hold(22, false)], 30),
    ).toBeUndefined();
    expect(nextHoldRate([hold(21, true), hold(22, false)], 30)).toBeUndefined();
  });

  it('while nothing has passed, goes down to what the failed hold managed (nextSustainRate)', () => {
    const failed = { rate: 19, passed: false, completedPerS: 17.6, closed: 10_900, offered: 11_400 };
    expect(nextHoldRate([failed], 30)).toBe(16);
    expect(nextHoldRate([failed, hold(16, false, 15.2)], 30)).toBe(15);
  });

  it('a pass after failures climbs only below the lowest failure', () => {
    expect(nextHoldRate([hold(19, false, 17.6), hold(16, true)], 30)).toBe(17);
    expect(nextHoldRate([hold(19, false, 17.6), hold(16, true), hold(17, true)], 30)).toBe(18);
    expect(nextHoldRate([hold(19, false, 17.6), hold(16, true), hold(18, true)], 30)).toBeUndefined();
  });

  it('ends at 1/s, and with no hold has nothing to say', () => {
    expect(nextHoldRate([hold(1, false, 0.5)], 30)).toBeUndefined();
    expect(nextHoldRate([], 30)).toBeUndefined();
  });
});

describe('keptPace', () => {
  it('takes a hold whose last case closed within the tail limit of the end of sending', () => {
    // The load part of 2026-12-07 07:32: 20/s for 600 s, 12,000 closed in 600.3 s (19.99/s).
    expect(keptPace({ spanS: 600.3, durationS: 600 })).toBe(true);
    expect(keptPace({ spanS: 600 + HOLD_TAIL_LIMIT_S, durationS: 600 })).toBe(true);
  });

  it('refuses a hold the stack fell behind, its last cases closing long after the last send', () => {
    expect(keptPace({ spanS: 600 + HOLD_TAIL_LIMIT_S + 0.1, durationS: 600 })).toBe(false);
    expect(keptPace({ spanS: 655, durationS: 600 })).toBe(false);
  });
});

describe('nextSustainRate', () => {
  const all = { closed: 1000, offered: 1000 };

  it('after a hold that fell behind, holds what the stack completed, rounded down', () => {
    expect(nextSustainRate({ rate: 20, completedPerS: 16.94, ...all })).toBe(16);
    expect(nextSustainRate({ rate: 20, completedPerS: 8.2, ...all })).toBe(8);
  });

  it('counts only the share of cases that closed: the failed ones skipped the rest of their loop', () => {
    // The load part of 2026-12-07 09:36: holds at 25, 23 and 22/s all failed on unanswered triages.
    expect(nextSustainRate({ rate: 25, completedPerS: 23.71, closed: 14_322, offered: 15_000 })).toBe(22);
    expect(nextSustainRate({ rate: 22, completedPerS: 21.19, closed: 13_031, offered: 13_200 })).toBe(20);
  });

  it('after a hold that kept pace but failed (errors), goes 15 % lower', () => {
    expect(nextSustainRate({ rate: 20, completedPerS: 20, ...all })).toBe(17);
    expect(nextSustainRate({ rate: 20, completedPerS: 20.4, closed: 990, offered: 1000 })).toBe(17);
  });

  it('always lower than the failed rate, and never below 1/s', () => {
    expect(nextSustainRate({ rate: 20, completedPerS: 19.99, ...all })).toBe(19);
    expect(nextSustainRate({ rate: 2, completedPerS: 2, ...all })).toBe(1);
    expect(nextSustainRate({ rate: 3, completedPerS: 0, closed: 0, offered: 90 })).toBe(1);
    expect(nextSustainRate({ rate: 3, completedPerS: 0, closed: 0, offered: 0 })).toBe(1);
  });
});

describe('leftoverIds', () => {
  it('names the raised cases the run did not see closed, in the order they were raised', () => {
    const run = { raisedIds: ['a', 'b', 'c', 'd', 'e'], ids: { onSpot: ['a'], fullLoop: ['d'] } };
    expect(leftoverIds(run)).toEqual(['b', 'c', 'e']);
    expect(leftoverIds({ raisedIds: ['a'], ids: { onSpot: ['a'], fullLoop: [] } })).toEqual([]);
  });
});
