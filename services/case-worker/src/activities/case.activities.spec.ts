import type { RecordCaseEventsInput } from '@bishan/contracts';
import { directory } from '../../../../libs/domain/src/test-support/org-fixture';
import { createCaseActivities } from './case.activities';

describe('recordCaseEvents', () => {
  const input = { caseId: 'case-1', events: [], view: {} } as unknown as RecordCaseEventsInput;

  it('wakes the relay after a recording committed new events, and not after one that recorded nothing', async () => {
    const answers = [2, 0];
    let wakes = 0;
    const activities = createCaseActivities({
      cases: { recordEvents: async () => answers.shift() ?? 0 },
      directory: async () => {
        throw new Error('not read');
      },
      calendar: async () => {
        throw new Error('not read');
      },
      recorded: () => (wakes += 1),
    });
    expect(await activities.recordCaseEvents(input)).toEqual({ recorded: 2 });
    expect(wakes).toBe(1);
    // A retried activity whose events were already there: nothing new for the relay.
    expect(await activities.recordCaseEvents(input)).toEqual({ recorded: 0 });
    expect(wakes).toBe(1);
  });
});

describe('loadDirectory and loadDepartments', () => {
  const activities = createCaseActivities({
    cases: { recordEvents: async () => 0 },
    directory: async () => directory,
    calendar: async () => {
      throw new Error('not read');
    },
  });

  it("answers a case's scope with its slice, and no scope with the whole directory", async () => {
    const slice = await activities.loadDirectory({ townId: 'zhengxing', category: 'powerLines' });
    expect(slice.departments.map((d) => d.id)).toEqual(['power-supply']);
    expect(slice.otherDepartmentIds).toEqual(['urban-management', 'housing']);
    expect(slice.towns.map((t) => t.id)).toEqual(['zhengxing']);
    expect(await activities.loadDirectory()).toBe(directory);
  });

  it('loads the departments asked for in full, leaving out one that does not exist', async () => {
    expect(await activities.loadDepartments(['housing', 'gone'])).toEqual(
      directory.departments.filter((d) => d.id === 'housing'),
    );
  });
});
