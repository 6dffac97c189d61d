import type { RecordCaseEventsInput } from '@bishan/contracts';
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
