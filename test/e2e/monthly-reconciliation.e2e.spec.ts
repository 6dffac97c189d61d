import { caseSnapshotQuery } from '@bishan/contracts';
import { createDatabase, snapshotContentHash, type Database } from '@bishan/db';
import { shanghaiDateOf } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

// Responses are inspected field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * 对账销号 on the real stack: cases raised through the API, one case's ledger row tampered with in
 * the database, a reconciliation started by hand; the mismatch is listed, the town leader signs,
 * and the month's snapshot is stored once and cannot be changed.
 */
describe('monthly reconciliation', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let db: Database;
  const townLeader = { id: 'laifeng-secretary', role: 'town-leader' } as const;
  const month = shanghaiDateOf(Date.now()).slice(0, 7);

  beforeAll(async () => {
    stack = await startTestStack({ label: 'reconciliation', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
    db = await createDatabase(stack.db.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  const get = async (path: string, person: { id: string; role: string }): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${api.url}${path}`, { headers: bearer(await tokenFor(api.url, person)) });
    return { status: response.status, body: await response.json() };
  };
  const post = async (path: string, body: unknown, person: { id: string; role: string }) =>
    postJson(`${api.url}${path}`, body, await tokenFor(api.url, person));

  it('lists the tampered case, takes the sign-off and stores the month once', async () => {
    const raised: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await post('/cases', tangledLinesCase(), actors.dengfengSecretary);
      expect(answer.status).toBe(201);
      raised.push(answer.body.id);
    }
    // The ledger has caught up with every workflow before anything is tampered with.
    await waitFor(
      async () => {
        for (const id of raised) {
          const row = await db.case.findUnique({ where: { id } });
          const snapshot = await stack.temporal.workflow.getHandle(id).query(caseSnapshotQuery);
          if (!row || row.lastEventSeq !== snapshot.eventSeq) return undefined;
        }
        return true;
      },
      { description: 'the read model of the three cases to match their workflows' },
    );
    const tampered = raised[1]!;
    const before = await db.case.findUniqueOrThrow({ where: { id: tampered } });
    await db.case.update({ where: { id: tampered }, data: { status: 'closed' } });

    // Only ops start a month by hand.
    expect((await post('/reconciliations', { month }, townLeader)).status).toBe(403);
    const badMonth = await post('/reconciliations', { month: '2026-13' }, actors.admin);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.errors).toEqual([expect.objectContaining({ field: 'body.month' })]);
    const started = await post('/reconciliations', { month }, actors.admin);
    expect(started.status).toBe(202);
    const id: string = started.body.reconciliationId;
    const path = `/reconciliations/${encodeURIComponent(id)}`;

    const run = await waitFor(
      async () => {
        const answer = await get(path, townLeader);
        return answer.status === 200 ? answer.body : undefined;
      },
      { description: 'the reconciliation to finish comparing', timeoutMs: 60_000 },
    );
    expect(run).toMatchObject({ month, status: 'awaitingSignOff', casesChecked: 3 });
    expect(run.mismatches).toEqual([
      expect.objectContaining({
        caseId: tampered,
        kind: 'statusDiffers',
        ledger: expect.objectContaining({ status: 'closed' }),
        workflow: expect.objectContaining({ status: before.status }),
        townId: 'laifeng',
      }),
    ]);
    expect(run.requiredSignOffs).toEqual([{ role: 'unit', partyId: 'laifeng' }]);
    expect((await get(`${path}/mismatches`, townLeader)).body.items).toHaveLength(1);
    // Another town's leader reads the run, but not the mismatches of cases outside their town.
    const otherTown = { id: 'zhengxing-secretary', role: 'town-leader' } as const;
    expect((await get(path, otherTown)).body.mismatches).toEqual([]);
    expect((await get(`${path}/mismatches`, otherTown)).body.items).toEqual([]);
    const listed = await get(`/reconciliations?month=${month}`, townLeader);
    expect(listed.body.items.map((r: Json) => r.id)).toContain(id);
    expect((await get(path, actors.resident)).status).toBe(403);

    // A village secretary of the same town is not its leader; a slot nobody needs is refused too.
    const wrongSigner = await post(`${path}/sign-offs`, { slot: 'unit:laifeng' }, actors.dengfengSecretary);
    expect(wrongSigner.status).toBe(403);
    expect(wrongSigner.body.errors).toEqual([expect.objectContaining({ field: 'body.slot' })]);
    expect((await post(`${path}/sign-offs`, { slot: 'unit:zhengxing' }, townLeader)).status).toBe(422);
    expect(await db.reconciliationSignOff.count()).toBe(0);
    expect((await get(`/reconciliations/snapshots/${month}`, townLeader)).status).toBe(404);

    const signed = await post(`${path}/sign-offs`, { slot: 'unit:laifeng', note: '已核对,台账状态系人为改动' }, townLeader);
    expect(signed.status).toBe(200);
    expect(signed.body.signOffs).toEqual([expect.objectContaining({ slot: 'unit:laifeng', signerId: 'laifeng-secretary' })]);

    const snapshot = await waitFor(
      async () => {
        const answer = await get(`/reconciliations/snapshots/${month}`, townLeader);
        return answer.status === 200 ? answer.body : undefined;
      },
      { description: 'the month snapshot', timeoutMs: 60_000 },
    );
    expect(snapshot).toMatchObject({ month, reconciliationId: id, contentMatchesHash: true });
    expect(snapshot.content.mismatches).toEqual([expect.objectContaining({ caseId: tampered, kind: 'statusDiffers' })]);
    expect(snapshot.content.signOffs).toEqual([expect.objectContaining({ slot: 'unit:laifeng', note: '已核对,台账状态系人为改动' })]);
    expect((await get(path, townLeader)).body.status).toBe('signedOff');

    // Immutable: the database refuses to change the row, and the month cannot be reconciled again.
    const stored = await db.reconciliationSnapshot.findUniqueOrThrow({ where: { month } });
    expect(snapshotContentHash(stored.content)).toBe(stored.contentHash);
    await expect(db.reconciliationSnapshot.update({ where: { month }, data: { content: '{}' } })).rejects.toThrow();
    await expect(db.reconciliationSnapshot.delete({ where: { month } })).rejects.toThrow();
    expect((await post('/reconciliations', { month }, actors.admin)).status).toBe(409);
    expect((await post(`${path}/sign-offs`, { slot: 'unit:laifeng' }, townLeader)).status).toBe(409);
    expect((await db.reconciliationSnapshot.findUniqueOrThrow({ where: { month } })).content).toBe(stored.content);
  });
});
