import type { CaseEvent } from '@bishan/contracts';
import { createDatabase, ProcessedEventRepository, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { CaseFactWrites, recordCaseFact } from './record-case-fact.handler';

/** A case's events as the facts read them (the fields caseFactChangeOf and recordOccurrence use). */
function eventsOf(caseId: string): CaseEvent[] {
  const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T02:00:00.000Z`;
  const event = (n: number, type: string, payload: Record<string, unknown>) =>
    ({
      eventId: `${caseId}/${n}`,
      type,
      version: 1,
      caseId,
      payload: { caseId, at: at(n), ...payload },
    }) as unknown as CaseEvent;
  const supervision = { leaderIds: ['district-leader-1'] };
  return [
    event(1, 'case.raised', {
      category: 'infrastructure',
      channel: 'meeting',
      meetingId: 'm1',
      location: { townId: 'laifeng', villageId: 'dengfeng' },
    }),
    event(2, 'case.enteredLedger', {}),
    event(3, 'case.published', { claimDueAt: at(4) }),
    event(4, 'case.claimed', {
      late: false,
      leadDepartmentId: 'transport',
      handlingDueAt: at(20),
      supervision,
    }),
    event(5, 'case.deadlineMissed', {}),
    event(6, 'case.escalated', { step: 2, trigger: 'handling', target: 'district-leader', supervision }),
    event(7, 'case.escalated', { step: 1, trigger: 'handling', target: 'town-leader', supervision: null }),
    event(8, 'case.extensionRequested', {}),
    event(9, 'case.extensionApproved', { newDueAt: at(25) }),
    event(10, 'case.deadlineMissed', {}),
    event(11, 'case.resultReported', { overdue: true }),
    event(12, 'case.rated', { rating: 'satisfied' }),
    event(13, 'case.closed', { closure: 'rated' }),
  ];
}

describe('the reporting facts of a case, written per event or folded per batch', () => {
  let database: TestDatabase;
  let db: Database;
  let processed: ProcessedEventRepository;
  beforeAll(async () => {
    database = await createTestDatabase('case-fact-writes');
    db = await createDatabase(database.url);
    processed = new ProcessedEventRepository(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    database?.remove();
  });

  const row = async (caseId: string) => {
    const { caseId: _id, ...facts } = await db.reportingCaseFact.findUniqueOrThrow({ where: { caseId } });
    return facts;
  };

  it('comes to the same row, counts and highest escalation step whichever way it is written', async () => {
    for (const event of eventsOf('one-by-one')) await recordCaseFact(processed, event);

    // In two batches, the second one delivering two of the first's events again.
    const events = eventsOf('batched');
    for (const batch of [events.slice(0, 7), events.slice(5)]) {
      const writes = new CaseFactWrites();
      await processed.applyEachOnce(
        batch,
        async (within, event) => void (await recordCaseFact(within, event, writes)),
        { beforeCommit: (tx) => writes.writeIn(tx) },
      );
    }

    const expected = await row('one-by-one');
    expect(expected).toMatchObject({
      category: 'infrastructure',
      departmentId: 'transport',
      deadlinesMissed: 2,
      escalationCount: 2,
      maxEscalationStep: 2,
      extensionsRequested: 1,
      extensionsApproved: 1,
      resultOverdue: true,
      lastRating: 'satisfied',
      closure: 'rated',
    });
    expect(await row('batched')).toEqual(expected);
    expect(await db.reportingEscalationFact.count({ where: { caseId: 'batched' } })).toBe(2);
    expect(await db.reportingRatingFact.count({ where: { caseId: 'batched' } })).toBe(1);
  });

  it('writes nothing of a batch whose transaction fails', async () => {
    const writes = new CaseFactWrites();
    const attempt = processed.applyEachOnce(
      eventsOf('failed'),
      async (within, event) => void (await recordCaseFact(within, event, writes)),
      {
        beforeCommit: async (tx) => {
          await writes.writeIn(tx);
          throw new Error('the broker went away');
        },
      },
    );
    await expect(attempt).rejects.toThrow('the broker went away');
    expect(await db.reportingCaseFact.count({ where: { caseId: 'failed' } })).toBe(0);
    expect(await db.processedEvent.count({ where: { eventId: { startsWith: 'failed/' } } })).toBe(0);
  });
});
