import type { CaseActivities } from '@bishan/contracts';
import { departmentsNamed, directoryFor, type CalendarData, type Directory } from '@bishan/domain';
import type { CaseRepository } from '@bishan/db';

export interface CaseActivityDependencies {
  cases: Pick<CaseRepository, 'recordEvents'>;
  directory: () => Promise<Directory>;
  calendar: () => Promise<CalendarData>;
  /** Told after a recording committed new events (and so outbox rows): the relay's wake. */
  recorded?: () => void;
}

/** Activities are thin: the workflow decides, they record (read model + timeline + outbox) and read. */
export function createCaseActivities({ cases, directory, calendar, recorded }: CaseActivityDependencies): CaseActivities {
  return {
    async recordCaseEvents({ caseId, events, view }) {
      const count = await cases.recordEvents(caseId, events, view);
      if (count > 0) recorded?.();
      return { recorded: count };
    },
    loadDirectory: async (scope) => directoryFor(await directory(), scope),
    loadDepartments: async (ids) => departmentsNamed(await directory(), ids),
    loadWorkingCalendar: calendar,
  };
}
