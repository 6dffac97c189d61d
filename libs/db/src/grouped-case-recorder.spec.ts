import type { CaseEventBatch } from './case.repository';
import { GroupedCaseRecorder } from './grouped-case-recorder';

const batch = (caseId: string): CaseEventBatch => ({
  caseId,
  events: [],
  view: {} as CaseEventBatch['view'],
});

/** A repository whose transactions finish when the test says so. */
function fakeCases(failing: string[] = []) {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  const gate = () => new Promise<void>((resolve) => pending.push(resolve));
  return {
    calls,
    finishNext: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
    cases: {
      async recordEvents(caseId: string) {
        calls.push([caseId]);
        await gate();
        if (failing.includes(caseId)) throw new Error(`${caseId} cannot be recorded`);
        return 1;
      },
      async recordEventsOfMany(batches: readonly CaseEventBatch[]) {
        calls.push(batches.map((b) => b.caseId));
        await gate();
        if (batches.some((b) => failing.includes(b.caseId))) throw new Error('the group failed');
        return batches.map(() => 2);
      },
    },
  };
}

describe('GroupedCaseRecorder', () => {
  it('sends a lone recording straight through, and commits those that arrive meanwhile together', async () => {
    const fake = fakeCases();
    const recorder = new GroupedCaseRecorder(fake.cases, 20);
    const first = recorder.recordEvents('a', [], batch('a').view);
    await new Promise((resolve) => setImmediate(resolve));
    const others = ['b', 'c', 'd'].map((id) => recorder.recordEvents(id, [], batch(id).view));
    await fake.finishNext();
    await fake.finishNext();
    expect(await first).toBe(1);
    expect(await Promise.all(others)).toEqual([2, 2, 2]);
    expect(fake.calls).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps groups to maxGroup', async () => {
    const fake = fakeCases();
    const recorder = new GroupedCaseRecorder(fake.cases, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((id) => recorder.recordEvents(id, [], batch(id).view));
    for (let i = 0; i < 4; i += 1) await fake.finishNext();
    await Promise.all(all);
    expect(fake.calls).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a failed group one by one, so only the bad recording fails', async () => {
    const fake = fakeCases(['c']);
    const recorder = new GroupedCaseRecorder(fake.cases, 20);
    const first = recorder.recordEvents('a', [], batch('a').view);
    await new Promise((resolve) => setImmediate(resolve));
    const [b, c, d] = ['b', 'c', 'd'].map((id) => recorder.recordEvents(id, [], batch(id).view));
    const settled = Promise.allSettled([first, b!, c!, d!]);
    for (let i = 0; i < 5; i += 1) await fake.finishNext();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('c cannot be recorded'));
    expect(fake.calls).toEqual([['a'], ['b', 'c', 'd'], ['b'], ['c'], ['d']]);
  });
});
