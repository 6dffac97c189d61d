import type { CaseActivities } from '@bishan/contracts';
import type { CalendarData, Directory } from '@bishan/domain';
import type { CaseRepository } from '@bishan/db';

export interface CaseActivityDependencies {
  cases: Pick<CaseRepository, 'recordEvents'>;
  directory: () => Promise<Directory>;
  calendar: () => Promise<CalendarData>;
}

/** Activities are thin: the workflow decides, they record (read model + timeline + outbox) and read. */
export function createCaseActivities({ cases, directory, calendar }: CaseActivityDependencies): CaseActivities {
  return {
    async recordCaseEvents({ caseId, events, view }) {
      return { recorded: await cases.recordEvents(caseId, events, view) };
    },
    loadDirectory: directory,
    loadWorkingCalendar: calendar,
  };
}
