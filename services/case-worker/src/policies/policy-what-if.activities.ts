import type { PolicyWhatIfActivities } from '@bishan/contracts';
import type { PolicyWhatIfRepository, RecordedHistoryRepository } from '@bishan/db';
import { whatIf, type CalendarData, type Directory } from '@bishan/domain';

export interface PolicyWhatIfDependencies {
  runs: Pick<PolicyWhatIfRepository, 'find' | 'setTotal' | 'mergePage' | 'complete' | 'fail'>;
  history: Pick<RecordedHistoryRepository, 'countRaised' | 'page'>;
  /** The organisation the draft's chains resolve in, and the holiday data deadlines count on. */
  directory: () => Promise<Directory>;
  calendar: () => Promise<CalendarData>;
}

/**
 * The what-if's activities: the run's window and draft come from its row, the cases from the
 * timeline, the simulation is the domain's whatIf, and the page's report is merged into the row by
 * the repository — once, whatever the retries.
 */
export function createPolicyWhatIfActivities(deps: PolicyWhatIfDependencies): PolicyWhatIfActivities {
  const runOf = async (runId: string) => {
    const run = await deps.runs.find(runId);
    if (!run) throw new Error(`no what-if run '${runId}'`);
    return run;
  };
  return {
    async countWhatIfCases({ runId }) {
      const run = await runOf(runId);
      const casesTotal = await deps.history.countRaised({ from: run.windowFrom, until: run.windowUntil });
      await deps.runs.setTotal(runId, casesTotal);
      return { casesTotal };
    },

    async simulateWhatIfPage({ runId, after, limit }) {
      const run = await runOf(runId);
      if (run.status !== 'running') return { cases: 0, nextCursor: null, casesDone: run.casesDone };
      // A retry of a page already merged: go on from where the row says.
      if (run.cursor !== after) return { cases: 0, nextCursor: run.cursor, casesDone: run.casesDone };
      const cases = await deps.history.page({ from: run.windowFrom, until: run.windowUntil }, after, limit);
      const last = cases[cases.length - 1];
      if (!last) return { cases: 0, nextCursor: null, casesDone: run.casesDone };
      const [directory, calendar] = await Promise.all([deps.directory(), deps.calendar()]);
      const report = whatIf(cases, { draft: run.draft, directory, calendar, until: run.windowUntil.toISOString() });
      const { casesDone } = await deps.runs.mergePage(runId, after, { report, cases: cases.length, lastCaseId: last.caseId });
      return { cases: cases.length, nextCursor: cases.length < limit ? null : last.caseId, casesDone };
    },

    async finishWhatIf({ runId, error }) {
      if (error === undefined) await deps.runs.complete(runId);
      else await deps.runs.fail(runId, error);
    },
  };
}
