import type { Client } from '@temporalio/client';
import type { PendingCaseStartRepository, PendingCaseStartRow } from '@bishan/db';
import { PendingStartSweeper } from './pending-start-sweeper';

const INTERVAL = 5_000;
const T0 = new Date('2026-12-04T08:00:00Z');

/** Marks in memory; `refused` case ids fail their start with an error that is not an outage. */
function fakes(caseIds: string[], refused: string[] = []) {
  const marks = caseIds.map((caseId): PendingCaseStartRow => ({ caseId, input: JSON.stringify({ caseId }), createdAt: T0, attempts: 0 }));
  const starts: string[] = [];
  const pending = {
    olderThan: async (_before: Date, limit: number) => marks.slice(0, limit),
    started: async (caseId: string) => void marks.splice(marks.findIndex((m) => m.caseId === caseId), 1),
    failed: async (caseId: string) => void (marks.find((m) => m.caseId === caseId)!.attempts += 1),
  } as unknown as PendingCaseStartRepository;
  const temporal = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: {
      start: async (_type: string, { workflowId }: { workflowId: string }) => {
        starts.push(workflowId);
        if (refused.includes(workflowId)) throw new Error('invalid input');
      },
    },
  } as unknown as Client;
  const lines: string[] = [];
  const sweeper = new PendingStartSweeper(
    pending,
    temporal,
    'cases',
    { graceMs: 10_000, intervalMs: INTERVAL, batchSize: 2, log: (level, message) => lines.push(`${level} ${message}`) },
    () => new Date(T0.getTime() + 60_000),
  );
  return { marks, starts, lines, sweeper };
}

describe('PendingStartSweeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits one interval after start, then sweeps full batches back to back until the marks are gone', async () => {
    const { marks, starts, sweeper } = fakes(['c1', 'c2', 'c3', 'c4', 'c5']);
    sweeper.start();
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(starts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(marks).toEqual([]);
    await sweeper.stop();
  });

  it('does not spin on a mark whose start keeps failing: it is tried once an interval', async () => {
    const { starts, lines, sweeper } = fakes(['bad', 'c2', 'c3'], ['bad']);
    sweeper.start();
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(starts).toEqual(['bad', 'c2']);
    expect(lines).toContain('warn case bad could not be started: Error: invalid input');
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(starts).toEqual(['bad', 'c2', 'bad', 'c3']);
    await sweeper.stop();
  });
});
