import type { CaseEvent } from '@bishan/contracts';
import { caseFactChangeOf } from './record-case-fact.handler';

const assigned = (level: 'village' | 'town', unitId: string) =>
  ({
    eventId: `e-${level}`,
    type: 'case.assigned',
    version: 1,
    caseId: 'c1',
    payload: {
      caseId: 'c1',
      at: '2025-03-03T02:00:00.000Z',
      level,
      unitId,
      dueAt: '2025-03-10T02:00:00.000Z',
      supervision: { leaderIds: ['laifeng-leader'] },
    },
  }) as unknown as CaseEvent;

describe('the reporting facts of a case handled by its village or town', () => {
  it('record the handling level and no department: the unit is the case’s own village or town', () => {
    for (const [level, unitId] of [
      ['village', 'dengfeng'],
      ['town', 'laifeng'],
    ] as const) {
      expect(caseFactChangeOf(assigned(level, unitId))).toMatchObject({ handlingLevel: level, departmentId: null, leaderId: 'laifeng-leader' });
    }
  });
});
