import {
  type CaseEvent,
  type CaseState,
  decide,
  describeCase,
  evolve,
  initialState,
  nextDeadline,
  systemActor,
} from '@bishan/domain';
import { T0, actors, ctx, raiseCommand } from './test-support/org-fixture';

describe('public entry point', () => {
  it('drives the loop the way the workflow does: decide, apply, sleep until the next deadline, fire it', () => {
    let state: CaseState = initialState;
    const apply = (events: readonly CaseEvent[]) => {
      state = events.reduce(evolve, state);
    };
    const raisedAndPublished = [
      raiseCommand(),
      { type: 'triageCase', actor: actors.laifengTriage, route: 'district' } as const,
    ];
    for (const command of raisedAndPublished) {
      const decision = decide(state, command, ctx(T0));
      if (!decision.ok) throw new Error(decision.reason);
      apply(decision.events);
    }
    const timer = nextDeadline(state);
    expect(timer).toMatchObject({ id: 'reminder-2', kind: 'reminder', dueAt: '2025-03-04T16:00:00.000Z' });
    const fired = decide(state, { type: 'deadlineReached', actor: systemActor, deadlineId: 'reminder-2' }, ctx(timer?.dueAt ?? ''));
    if (!fired.ok) throw new Error(fired.reason);
    apply(fired.events);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(describeCase(state)).toMatchObject({
      status: 'published',
      nextDeadline: { id: 'reminder-3', dueAt: '2025-03-05T06:24:00.000Z' },
    });
  });
});
