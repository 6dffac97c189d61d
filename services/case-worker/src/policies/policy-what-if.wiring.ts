import type { PolicyWhatIfActivities } from '@bishan/contracts';
import { HolidayScheduleRepository, PolicyWhatIfRepository, RecordedHistoryRepository, type Database } from '@bishan/db';
import { organisationDirectory } from '../activities/organisation-directory';
import { createPolicyWhatIfActivities } from './policy-what-if.activities';

/** The what-if's activities over the real database: runs, timelines, organisation and holiday data. */
export function policyWhatIfActivities(db: Database): PolicyWhatIfActivities {
  const holidays = new HolidayScheduleRepository(db);
  return createPolicyWhatIfActivities({
    runs: new PolicyWhatIfRepository(db),
    history: new RecordedHistoryRepository(db),
    directory: organisationDirectory(db),
    calendar: () => holidays.calendarData(),
  });
}
