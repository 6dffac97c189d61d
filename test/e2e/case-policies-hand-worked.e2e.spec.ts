import { developmentAuditKey } from '@bishan/config';
import { bishanDirectory, CaseRepository, createDatabase, type Database } from '@bishan/db';
import {
  describeCase,
  evolveAll,
  initialState,
  shanghaiDateOf,
  type CaseView,
  type WhatIfFigures,
} from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { isoWeekOf } from '../../libs/domain/src/policy/what-if';
import {
  handWorkedActual,
  handWorkedDraft,
  handWorkedHistory,
  handWorkedInstant,
  handWorkedRefused,
  handWorkedSimulated,
  ordinaryMondayOnOrBefore,
  type HandWorkedCast,
} from '../../libs/domain/src/test-support/what-if-hand-worked';
import { actors, bearer, getJson, postJson, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Version = { version: string; policy: Record<string, unknown> };
type Run = {
  id: string;
  status: 'running' | 'completed' | 'failed';
  casesTotal: number | null;
  casesDone: number;
  error: string | null;
};
type RunAnswer = {
  run: Run;
  report: {
    draftVersion: string;
    total: { actual: WhatIfFigures; simulated: WhatIfFigures };
    leaderLoad: Record<string, { actual: Record<string, number>; simulated: Record<string, number> }>;
    refused: { caseId: string; type: string; at: string; code: string }[];
  };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The what-if of the domain's hand-worked test, on the real stack: the same recorded history is
 * written into a fresh stack's timeline (by the repository the case worker records with), the same
 * draft is made through the admin API, the case worker's what-if workflow simulates it, and the
 * report's figures are the ones worked out by hand (libs/domain/src/test-support/what-if-hand-worked.ts).
 * The history is moved by whole weeks onto an ordinary fortnight inside the what-if's window, so
 * its working-day arithmetic is the hand-worked one.
 */
describe('case policies: the what-if of the hand-worked history', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let db: Database;

  beforeAll(async () => {
    // A stack of its own: the what-if reads every case raised in its window, and here there is one.
    stack = await startTestStack({
      label: 'policy-what-if-hand-worked',
      services: ['case-api', 'case-worker'],
      env: { DEV_AUTH_SECRET: devAuthSecret('policy-what-if-hand-worked') },
    });
    api = stack.service('case-api');
    db = await createDatabase(stack.db.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  it('reports for the draft the figures worked out by hand', async () => {
    // Three weeks back at least, so the history (two weeks) is over before the window ends; at most
    // 20 weeks further, well inside the default 6 months.
    const monday = ordinaryMondayOnOrBefore(
      shanghaiDateOf(new Date(Date.now() - 21 * DAY_MS).toISOString()),
      20,
    );
    const directory = bishanDirectory();
    const department = directory.departments.find((d) => d.id === 'urban-management');
    if (!department) throw new Error('the seeded organisation has no urban-management department');
    const caseId = `hand-worked-${stack.runId}`;
    const cast: HandWorkedCast = {
      directory,
      raise: {
        type: 'raiseCase',
        policyVersion: '2025.1',
        actor: {
          id: actors.dengfengSecretary.id,
          role: 'village-secretary',
          townId: 'laifeng',
          villageId: 'dengfeng',
        },
        caseId,
        category: '道路保洁',
        description: '七组与三星村交界的支路不在村保洁范围内',
        complexity: 'simple',
        channel: 'meeting',
        meetingId: `meeting-${stack.runId}`,
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
        reporterIds: [actors.resident.id],
      },
      triage: { id: actors.laifengTriage.id, role: 'town-triage', townId: 'laifeng' },
      handler: { id: actors.umHandler.id, role: 'department-handler', departmentId: department.id },
      supervisingLeader: { id: department.supervisingLeaderId, role: 'district-leader' },
      secretary: {
        id: actors.dengfengSecretary.id,
        role: 'village-secretary',
        townId: 'laifeng',
        villageId: 'dengfeng',
      },
      resident: { id: actors.resident.id, role: 'resident' },
    };
    const history = handWorkedHistory(cast, monday);
    const view = describeCase(evolveAll(initialState, history.events)) as CaseView;
    const cases = new CaseRepository(db, {
      signingKeyId: developmentAuditKey.id,
      keys: [developmentAuditKey],
    });
    expect(
      await cases.recordEvents(
        caseId,
        history.events.map((event, i) => ({ seq: i + 1, event })),
        view,
      ),
    ).toBe(history.events.length);

    const admin = await tokenFor(api.url, actors.admin);
    const draft = (await postJson(`${api.url}/admin/policies/drafts`, {}, admin)).body as Version;
    const { version: _v, effectiveFrom: _e, calendar: _c, ...limits } = handWorkedDraft(draft.version);
    const edited = await fetch(`${api.url}/admin/policies/${draft.version}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(admin) },
      body: JSON.stringify({ policy: limits }),
    });
    expect(edited.status).toBe(200);
    const diff = await getJson<{ against: string; changes: { field: string; from: unknown; to: unknown }[] }>(
      `${api.url}/admin/policies/${draft.version}/diff`,
      admin,
    );
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { field: 'claimWindowWorkingDays', from: 2, to: 1 },
        { field: 'handlingWorkingDays.simple', from: 5, to: 2 },
      ]),
    );

    const started = await postJson(`${api.url}/admin/policies/${draft.version}/what-ifs`, {}, admin);
    expect(started.status).toBe(201);
    const done = await waitFor(
      async () => {
        const answer = await getJson<RunAnswer>(
          `${api.url}/admin/policies/${draft.version}/what-ifs/${encodeURIComponent(started.body.id)}`,
          admin,
        );
        return answer.run.status === 'running' ? undefined : answer;
      },
      { description: 'the what-if to finish', timeoutMs: 60_000 },
    );
    expect(done.run).toMatchObject({ status: 'completed', casesTotal: 1, casesDone: 1, error: null });
    expect(done.report.draftVersion).toBe(draft.version);
    expect(done.report.total.actual).toEqual(handWorkedActual);
    expect(done.report.total.simulated).toEqual(handWorkedSimulated);
    expect(done.report.refused.map((r) => [r.type, r.at, r.code])).toEqual(handWorkedRefused(monday));
    expect(done.report.refused.map((r) => r.caseId)).toEqual([caseId, caseId]);
    // The hand-worked load: the supervising leader twice (claim window step 1 in the first week,
    // handling step 2 in the second), the department's leaders once (handling step 1, first week).
    const firstWeek = isoWeekOf(handWorkedInstant(monday, 2, '08:00:00'));
    const secondWeek = isoWeekOf(handWorkedInstant(monday, 8, '08:00:00'));
    expect(done.report.leaderLoad).toEqual({
      [department.supervisingLeaderId]: { actual: {}, simulated: { [firstWeek]: 1, [secondWeek]: 1 } },
      ...Object.fromEntries(
        department.leaderIds.map((id) => [id, { actual: {}, simulated: { [firstWeek]: 1 } }]),
      ),
    });
  });
});
