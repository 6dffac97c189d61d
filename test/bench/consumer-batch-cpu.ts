/**
 * The CPU the two consumers spend on a case resolved on the spot, in one process, away from the
 * stack: each case's three events (raised, resolvedOnSpot, closed) applied as one batch the way
 * reporting's and notification's handleBatch do, on a fresh SQLite database. A figure that the
 * machine's load moves much less than the bench's per-process CPU, for comparing two versions of a
 * consumer's write path.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register test/bench/consumer-batch-cpu.ts [cases]
 */
import type { CaseEvent } from '@bishan/contracts';
import { createDatabase, currentOrganisation, ProcessedEventRepository } from '@bishan/db';
import { createTestDatabase } from '@bishan/testing';
import { NotificationReads } from '../../services/notification/src/case-events/notification-reads';
import {
  NOTIFICATION_CONSUMER,
  notifyOnCaseEvent,
} from '../../services/notification/src/case-events/notify-on-case-event.handler';
import {
  CaseFactWrites,
  recordCaseFact,
  REPORTING_CONSUMER,
} from '../../services/reporting/src/case-events/record-case-fact.handler';

const ROUNDS = 3;

/** The events of a case resolved on the spot, as far as the two consumers read them. */
function onTheSpot(caseId: string): CaseEvent[] {
  const at = '2026-03-02T02:00:00.000Z';
  const event = (n: number, type: string, payload: Record<string, unknown>) =>
    ({
      eventId: `${caseId}/${n}`,
      type,
      version: 1,
      caseId,
      occurredAt: at,
      payload: { caseId, at, ...payload },
    }) as unknown as CaseEvent;
  return [
    event(1, 'case.raised', {
      category: '基础设施',
      channel: 'meeting',
      meetingId: null,
      reporterIds: ['resident-1'],
      location: { townId: 'laifeng', villageId: 'dengfeng' },
    }),
    event(2, 'case.resolvedOnSpot', { summary: '当场修复了线路' }),
    event(3, 'case.closed', { closure: 'resolvedOnSpot' }),
  ];
}

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 300);
  if (!Number.isInteger(cases) || cases < 1)
    throw new Error(`cases: expected a positive whole number, got ${process.argv[2]}`);
  const database = await createTestDatabase('consumer-batch-cpu');
  const db = await createDatabase(database.url);
  try {
    const processed = new ProcessedEventRepository(db);
    const org = await currentOrganisation(db)();
    const byEventId = (consumer: string) => ({ consumer, eventIdOf: (event: CaseEvent) => event.eventId });

    const reporting = async (caseId: string) => {
      const writes = new CaseFactWrites();
      await processed.applyEachOnce(
        onTheSpot(caseId),
        (within, event) => recordCaseFact(within, event, writes).then(() => undefined),
        {
          lookUpTogether: byEventId(REPORTING_CONSUMER),
          beforeCommit: (tx) => writes.writeIn(tx),
        },
      );
    };
    const notification = async (caseId: string) => {
      const settings = { org, emailDomain: null, now: () => new Date(), reads: new NotificationReads() };
      await processed.applyEachOnce(
        onTheSpot(caseId),
        (within, event) => notifyOnCaseEvent(within, event, settings).then(() => undefined),
        { lookUpTogether: byEventId(NOTIFICATION_CONSUMER) },
      );
    };

    for (const [name, apply] of [
      ['reporting', reporting],
      ['notification', notification],
    ] as const) {
      const perCase: number[] = [];
      // A warm-up round first: the first queries of each shape cost more (module loading, caches).
      for (let round = 0; round <= ROUNDS; round += 1) {
        const start = process.cpuUsage();
        for (let i = 0; i < cases; i += 1) await apply(`${name}-${round}-${i}`);
        const used = process.cpuUsage(start);
        if (round > 0) perCase.push((used.user + used.system) / 1000 / cases);
      }
      console.log(
        `${name}: ms of CPU per case resolved on the spot (${cases} cases, ${ROUNDS} rounds): ${perCase.map((ms) => ms.toFixed(2)).join(' / ')}`,
      );
    }
  } finally {
    await db.$disconnect();
    database.remove();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
