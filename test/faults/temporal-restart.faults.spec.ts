import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { freePort, startTemporalDevServer, waitFor, type TemporalDevServer } from '@bishan/testing';
import { inBatches } from '../bench/history';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditCases } from './support/invariants';
import { faultsApi, people, raiseAndDrive, caseBody } from './support/loop-driver';
import { scaled } from './support/scale';

/**
 * A Temporal server of the test's own restarted 10 times (FAULTS_SCALE shrinks it) while cases run:
 * cases driven round the loop all the while all close; before each restart a batch of cases is
 * published, so their claim windows fall due while the server is down — each must fire once it is
 * back, dated at its due instant, and nothing is lost.
 */
describe('Temporal server restarts under load', () => {
  const restarts = scaled(10, 2);
  const perRestart = scaled(10, 3);
  let port: number;
  let dbFile: string;
  let server: TemporalDevServer;
  let stack: FaultStack;

  beforeAll(async () => {
    port = await freePort();
    dbFile = path.join(workspaceRoot(), `.local/test-data/faults-temporal-${port}.db`);
    server = await startTemporalDevServer({ port, dbFile });
    stack = await startFaultStack({
      label: 'faults-temporal',
      services: { 'case-api': 1, 'case-worker': 1 },
      env: { TEMPORAL_ADDRESS: server.address },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await server?.stop();
  });

  it(`loses nothing through ${restarts} restarts and fires the deadlines that fell due meanwhile`, async () => {
    const began = Date.now();
    const api = faultsApi(stack.service('case-api').url);
    let running = true;
    const background: Promise<{ id: string; status: string }>[] = [];
    const load = (async () => {
      for (let i = 0; running; i += 1) {
        background.push(raiseAndDrive(api, `restart-load-${stack.runId}-${i}`, i % 2 === 0, 20 * 60_000));
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();

    const published: { id: string; claimDueMs: number; restart: number }[] = [];
    for (let restart = 0; restart < restarts; restart += 1) {
      await inBatches(Array.from({ length: perRestart }), 4, async () => {
        const raised = await api.post(
          people.secretary,
          '/cases',
          'raiseCase',
          caseBody(false, `restart ${restart}`),
          `restart-${stack.runId}-${restart}-${published.length}-${Math.random()}`,
        );
        expect(raised.status).toBe(201);
        const id = raised.body.id as string;
        const triaged = await waitFor(
          async () => {
            const answer = await api.post(
              people.triage,
              `/cases/${id}/actions/triageCase`,
              'triageCase',
              { route: 'district' },
              `${id}-triage`,
            );
            return answer.status === 200 ? answer : undefined;
          },
          { description: `triage of ${id}`, timeoutMs: 60_000 },
        );
        const claim = (triaged.body.view.deadlines as { kind: string; dueAt: string }[]).find(
          (d) => d.kind === 'claimWindow',
        )!;
        published.push({ id, claimDueMs: Date.parse(claim.dueAt), restart });
      });
      await server.stop();
      const downAt = Date.now();
      // Down until every claim window published just now has fallen due.
      const lastDue = Math.max(...published.filter((p) => p.restart === restart).map((p) => p.claimDueMs));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now()) + 1_000));
      server = await startTemporalDevServer({ port, dbFile });
      expect(Date.now() - downAt).toBeGreaterThan(0);
    }
    running = false;
    await load;

    const closed = await Promise.all(background);
    expect(closed.every((c) => c.status === 'closed')).toBe(true);
    expect(
      await auditCases(
        stack.db,
        closed.map((c) => c.id),
      ),
    ).toEqual([]);

    // Each claim window that fell due while the server was down was recorded afterwards, at its due instant.
    for (const p of published) {
      const escalation = await waitFor(
        async () =>
          (await stack.db.caseTimelineEntry.findFirst({
            where: { caseId: p.id, type: 'caseEscalated', at: new Date(p.claimDueMs) },
          })) ?? undefined,
        { description: `the claim-window escalation of ${p.id}`, timeoutMs: 5 * 60_000 },
      );
      expect(escalation.deadlineId).not.toBeNull();
      const seqs = (
        await stack.db.caseTimelineEntry.findMany({
          where: { caseId: p.id },
          orderBy: { seq: 'asc' },
          select: { seq: true },
        })
      ).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect((await stack.temporal.workflow.getHandle(p.id).describe()).status.name).toBe('RUNNING');
    }
    process.stderr.write(
      `temporal restarts: ${restarts} restarts, ${published.length} deadlines across them, ${closed.length} cases driven, ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
