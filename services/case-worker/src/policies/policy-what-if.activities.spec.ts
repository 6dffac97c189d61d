import type { StoredWhatIfRun, WhatIfPage } from '@bishan/db';
import { emptyReport, getPolicy, initialState, mergeReports, packageCalendarData, whatIf, type RecordedCase } from '@bishan/domain';
import { T0, actors, directory, raiseCommand, run } from '../../../../libs/domain/src/test-support/org-fixture';
import { createPolicyWhatIfActivities } from './policy-what-if.activities';

const draft = { ...getPolicy('2025.1'), version: 'draft-1', claimWindowWorkingDays: 1 };
const window = { windowFrom: new Date('2025-01-01T00:00:00Z'), windowUntil: new Date('2025-04-30T00:00:00Z') };

function recorded(caseId: string): RecordedCase {
  return { caseId, events: run(initialState, T0, raiseCommand({ caseId }), { type: 'triageCase', actor: actors.laifengTriage, route: 'district' }).events };
}

/** One run's row in memory, merging as the repository does (compare-and-set on the cursor). */
function fakes(cases: RecordedCase[]) {
  const row: StoredWhatIfRun = {
    id: 'run-1',
    version: draft.version,
    draft,
    monthsBack: 4,
    ...window,
    status: 'running',
    casesTotal: null,
    casesDone: 0,
    cursor: null,
    report: emptyReport(draft.version),
    error: null,
    startedBy: 'admin',
    startedAt: new Date(),
    finishedAt: null,
  };
  let current = row;
  const windows: { from: Date; until: Date }[] = [];
  const activities = createPolicyWhatIfActivities({
    runs: {
      find: async () => current,
      setTotal: async (_id, casesTotal) => void (current = { ...current, casesTotal }),
      mergePage: async (_id, after, page: WhatIfPage) => {
        if (current.cursor !== after) return { merged: false, casesDone: current.casesDone };
        current = { ...current, cursor: page.lastCaseId, casesDone: current.casesDone + page.cases, report: mergeReports(current.report, page.report) };
        return { merged: true, casesDone: current.casesDone };
      },
      complete: async () => void (current = { ...current, status: 'completed' }),
      fail: async (_id, error) => void (current = { ...current, status: 'failed', error }),
    },
    history: {
      countRaised: async (w) => (windows.push(w), cases.length),
      page: async (w, after, limit) => (windows.push(w), cases.filter((c) => after === null || c.caseId > after).slice(0, limit)),
    },
    directory: async () => directory,
    calendar: async () => packageCalendarData,
  });
  return { activities, row: () => current, windows };
}

describe('the what-if activities', () => {
  it('simulate the run’s window under its draft and merge each page once', async () => {
    const cases = ['c-1', 'c-2', 'c-3'].map(recorded);
    const { activities, row, windows } = fakes(cases);
    expect(await activities.countWhatIfCases({ runId: 'run-1' })).toEqual({ casesTotal: 3 });
    expect(await activities.simulateWhatIfPage({ runId: 'run-1', after: null, limit: 2 })).toEqual({ cases: 2, nextCursor: 'c-2', casesDone: 2 });
    // The same page again (its answer was lost): nothing simulated or merged, go on from the row's cursor.
    expect(await activities.simulateWhatIfPage({ runId: 'run-1', after: null, limit: 2 })).toEqual({ cases: 0, nextCursor: 'c-2', casesDone: 2 });
    expect(await activities.simulateWhatIfPage({ runId: 'run-1', after: 'c-2', limit: 2 })).toEqual({ cases: 1, nextCursor: null, casesDone: 3 });
    await activities.finishWhatIf({ runId: 'run-1' });
    expect(row()).toMatchObject({ status: 'completed', casesTotal: 3, casesDone: 3 });
    expect(windows.every((w) => w.from === window.windowFrom && w.until === window.windowUntil)).toBe(true);
    expect(row().report).toEqual(whatIf(cases, { draft, directory, calendar: packageCalendarData, until: window.windowUntil.toISOString() }));
    // A finished run takes no more pages.
    expect(await activities.simulateWhatIfPage({ runId: 'run-1', after: 'c-3', limit: 2 })).toEqual({ cases: 0, nextCursor: null, casesDone: 3 });
  });

  it('record a failure with its reason', async () => {
    const { activities, row } = fakes([]);
    await activities.finishWhatIf({ runId: 'run-1', error: 'the timeline cannot be read' });
    expect(row()).toMatchObject({ status: 'failed', error: 'the timeline cannot be read' });
  });
});
