import { awaitReadModel, type ReadBackProbe } from './open311-read-back';

function probe(recordedAfterPolls: number | null, workflow = true) {
  let clock = 0;
  let polls = 0;
  const calls: string[] = [];
  const p: ReadBackProbe = {
    recorded: async () => {
      calls.push('recorded');
      return recordedAfterPolls !== null && polls >= recordedAfterPolls;
    },
    workflowExists: async () => {
      calls.push('workflow');
      return workflow;
    },
    sleep: async (ms) => {
      clock += ms;
      polls += 1;
    },
    now: () => clock,
  };
  return { p, calls, elapsed: () => clock };
}

describe('reading back an Open311 request created a moment ago', () => {
  it('waits for the row while the workflow runs, and stops as soon as it is there', async () => {
    const { p, elapsed } = probe(3);
    expect(await awaitReadModel(p, 5_000, 100)).toBe(true);
    expect(elapsed()).toBe(300);
  });

  it('gives up at the bound', async () => {
    const { p, elapsed } = probe(null);
    expect(await awaitReadModel(p, 1_000, 100)).toBe(false);
    expect(elapsed()).toBe(1_000);
  });

  it('does not wait for a case with no workflow, nor for one already recorded', async () => {
    const missing = probe(null, false);
    expect(await awaitReadModel(missing.p)).toBe(false);
    expect(missing.elapsed()).toBe(0);
    const recorded = probe(0);
    expect(await awaitReadModel(recorded.p)).toBe(false);
    expect(recorded.calls).toEqual(['recorded']);
  });
});
