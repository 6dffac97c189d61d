import { parseCaseTopicEvent } from '@bishan/contracts';
import { type Actor, type Mediation, type MediationDecision, recordFollowUp, recordMediation } from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from '../prisma-client';
import { MediationRepository } from './mediation.repository';

const secretary: Actor = { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' };
const places = {
  towns: [{ id: 'laifeng' }],
  villages: [
    { id: 'dengfeng', townId: 'laifeng' },
    { id: 'sanxing', townId: 'laifeng' },
  ],
  courtyards: [{ id: 'dengfeng-yard-07', villageId: 'dengfeng' }],
};
const now = '2026-12-04T06:00:00.000Z';

function accepted(decision: MediationDecision): Mediation {
  if (!decision.ok) throw new Error(`rejected: ${decision.reason}`);
  return decision.mediation;
}

const mediation = (id: string, villageId = 'dengfeng', actor: Actor = secretary) =>
  accepted(
    recordMediation(
      {
        mediationId: id,
        actor,
        place: { townId: 'laifeng', villageId },
        subject: '排水沟',
        parties: [{ name: '张大爷' }, { name: "李阿姨'); DROP TABLE Mediation;--" }],
        mediator: { kind: 'courtyardMediator', name: '王调解员' },
        mediatedOn: '2026-12-01',
        method: 'homeVisit',
        outcome: 'agreed',
        agreement: '共同疏通',
        followUpOn: '2026-12-03',
      },
      { now, places, isOfficial: () => false },
    ),
  );

describe('MediationRepository (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let mediations: MediationRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase('mediations');
    db = await createDatabase(testDb.url);
    mediations = new MediationRepository(db);
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('stores a mediation with its event, reads it back as the domain decided it, and lists it by place', async () => {
    const recorded = mediation('m-1');
    await mediations.create(recorded, secretary);
    expect(await mediations.findById('m-1')).toEqual(recorded);

    const outbox = await db.outboxEvent.findMany({ where: { key: 'm-1' } });
    expect(outbox).toHaveLength(1);
    const parsed = parseCaseTopicEvent(JSON.parse(outbox[0]!.payload));
    expect(parsed).toMatchObject({ ok: true, event: { type: 'mediation.recorded', subjectId: 'm-1', payload: { parties: 2, outcome: 'agreed' } } });
    // The parties' names stay in the record.
    expect(outbox[0]!.payload).not.toContain('张大爷');

    const admin: Actor = { id: 'admin', role: 'admin' };
    await mediations.create(mediation('m-2', 'sanxing', admin), admin);
    const ids = async (visibleTo: Parameters<MediationRepository['list']>[0]['visibleTo'], extra = {}) =>
      (await mediations.list({ visibleTo, ...extra }, 50, 0)).items.map((m) => m.id);
    expect(await ids({ townIds: [], villageIds: ['dengfeng'] })).toEqual(['m-1']);
    expect(await ids({ townIds: ['laifeng'], villageIds: [] })).toEqual(['m-1', 'm-2']);
    expect(await ids({ townIds: [], villageIds: [] })).toEqual([]);
    expect(await ids('all', { villageId: 'sanxing' })).toEqual(['m-2']);
    expect(await ids('all', { followUpDueBy: '2026-12-02' })).toEqual([]);
    expect(await ids('all', { followUpDueBy: '2026-12-03' })).toEqual(['m-1', 'm-2']);
  });

  it('writes a follow-up once, with its event', async () => {
    const stored = (await mediations.findById('m-1'))!;
    const followed = recordFollowUp(stored, { actor: secretary, checkedOn: '2026-12-04', held: true, note: '已履行' }, { now });
    if (!followed.ok) throw new Error(followed.reason);
    expect(await mediations.recordFollowUp(followed.mediation, secretary)).toBe(true);
    expect(await mediations.recordFollowUp(followed.mediation, secretary)).toBe(false);
    expect((await mediations.findById('m-1'))?.followUp).toEqual(followed.mediation.followUp);
    expect(await db.outboxEvent.count({ where: { key: 'm-1', type: 'mediation.followedUp' } })).toBe(1);
    expect((await mediations.list({ visibleTo: 'all', followUpDueBy: '2026-12-31' }, 50, 0)).items.map((m) => m.id)).toEqual(['m-2']);
  });
});
