import ExcelJS from 'exceljs';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Version = { version: string; status: 'draft' | 'published'; inForce: boolean; basedOn: string | null; name: string | null; effectiveAt: string | null; policy: Record<string, unknown> & { claimWindowWorkingDays: number; reminderFractions: number[] } };
type Problem = { status: number; errors?: { field: string }[] };
type Run = { id: string; status: 'running' | 'completed' | 'failed'; casesTotal: number | null; casesDone: number; monthsBack: number; error: string | null };
type Figures = { cases: number; deadlinesMet: number; deadlinesMissed: number };
type RunAnswer = { run: Run; report: { draftVersion: string; total: { actual: Figures; simulated: Figures }; byTown: Record<string, unknown> }; names: { towns: Record<string, string> } };

async function putJson(url: string, body: unknown, token: string) {
  const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Omit<Problem, 'status'> & Version, contentType: response.headers.get('content-type') };
}

/**
 * Case policies as data on the real stack (API, case worker, Temporal): an administrator makes a
 * draft from the version in force, has a wrong edit refused by field, sees the diff, simulates the
 * draft over the recorded cases in the case worker's workflow, exports the report and publishes it;
 * a case raised afterwards pins the new version while the case raised before keeps its own.
 */
describe('case policies: draft, what-if, publish', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  const as = (person: Person) => tokenFor(api.url, person);

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'case-policies',
      services: ['case-api', 'case-worker'],
      env: { DEV_AUTH_SECRET: devAuthSecret('case-policies') },
    });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  it('goes draft → what-if → publish; new cases pin the new version, older ones keep theirs', async () => {
    const admin = await as(actors.admin);
    const raise = async () => {
      const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
      expect(raised.status).toBe(201);
      return raised.body.id as string;
    };
    const policyOf = async (id: string) => (await getJson<{ policyVersion: string }>(`${api.url}/cases/${id}`, admin)).policyVersion;

    const before = await getJson<{ inForce: string; items: Version[] }>(`${api.url}/admin/policies`, admin);
    expect(before.items.filter((v) => v.status === 'published').map((v) => v.version).sort()).toEqual(['2025.1', '2026.2']);
    expect(before.inForce).toBe('2026.2');
    const older = await raise();
    expect(await policyOf(older)).toBe('2026.2');

    // Administration only.
    const refused = await fetch(`${api.url}/admin/policies`, { headers: bearer(await as(actors.districtLeader)) });
    expect(refused.status).toBe(403);

    const draft = (await postJson(`${api.url}/admin/policies/drafts`, {}, admin)).body as Version;
    expect(draft).toMatchObject({ status: 'draft', basedOn: '2026.2', inForce: false });
    const { version: _v, effectiveFrom: _e, calendar: _c, ...limits } = draft.policy;

    // A wrong edit is refused, each field named, and changes nothing.
    const wrong = await putJson(`${api.url}/admin/policies/${draft.version}`, { policy: { ...limits, claimWindowWorkingDays: 0, reminderFractions: [0.8, 0.5] } }, admin);
    expect(wrong.status).toBe(422);
    expect(wrong.contentType).toContain('application/problem+json');
    expect(wrong.body.errors?.map((e) => e.field)).toEqual(['body.policy.claimWindowWorkingDays', 'body.policy.reminderFractions[1]']);

    const edited = await putJson(`${api.url}/admin/policies/${draft.version}`, { policy: { ...limits, claimWindowWorkingDays: 1 } }, admin);
    expect(edited.status).toBe(200);
    expect(edited.body.policy.claimWindowWorkingDays).toBe(1);
    const diff = await getJson<{ against: string; changes: { field: string; from: unknown; to: unknown }[] }>(`${api.url}/admin/policies/${draft.version}/diff`, admin);
    expect(diff).toEqual({ version: draft.version, against: '2026.2', changes: [{ field: 'claimWindowWorkingDays', from: draft.policy.claimWindowWorkingDays, to: 1 }] });

    // The what-if runs in the case worker over the cases raised in the last 6 months.
    const started = await postJson(`${api.url}/admin/policies/${draft.version}/what-ifs`, {}, admin);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'running', monthsBack: 6 });
    const done = await waitFor(
      async () => {
        const answer = await getJson<RunAnswer>(`${api.url}/admin/policies/${draft.version}/what-ifs/${encodeURIComponent(started.body.id)}`, admin);
        return answer.run.status === 'running' ? undefined : answer;
      },
      { description: 'the what-if to finish', timeoutMs: 60_000 },
    );
    expect(done.run).toMatchObject({ status: 'completed', casesTotal: 1, casesDone: 1, error: null });
    expect(done.report.draftVersion).toBe(draft.version);
    expect(done.report.total.actual.cases).toBe(1);
    expect(done.report.total.simulated.cases).toBe(1);
    expect(Object.keys(done.report.byTown)).toEqual(['laifeng']);
    expect(done.names.towns.laifeng).toMatch(/来凤/);

    const xlsx = await fetch(`${api.url}/admin/policies/${draft.version}/what-ifs/${encodeURIComponent(started.body.id)}/report.xlsx`, { headers: bearer(admin) });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '领导每周升级', '将被拒绝的操作']);
    expect(workbook.getWorksheet('汇总')?.getRow(4).getCell(1).value).toBe('全部');

    // Publication needs a name and a reason.
    const unnamed = await postJson(`${api.url}/admin/policies/${draft.version}/publish`, { name: ' ', reason: '认领时限缩短', effectiveAt: new Date().toISOString() }, admin);
    expect(unnamed.status).toBe(422);
    expect((unnamed.body as Problem).errors).toEqual([expect.objectContaining({ field: 'body.name', code: 'required' })]);
    const backdated = await postJson(`${api.url}/admin/policies/${draft.version}/publish`, { name: '认领一日版', reason: '认领时限缩短', effectiveAt: '2020-01-01T00:00:00Z' }, admin);
    expect(backdated).toMatchObject({ status: 422, body: { errors: [{ field: 'body.effectiveAt', code: 'in-the-past' }] } });
    const published = await postJson(`${api.url}/admin/policies/${draft.version}/publish`, { name: '认领一日版', reason: '认领时限缩短为一个工作日', effectiveAt: new Date().toISOString() }, admin);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', inForce: true, name: '认领一日版' });

    // Published versions never change.
    const late = await putJson(`${api.url}/admin/policies/${draft.version}`, { policy: { ...limits, claimWindowWorkingDays: 3 } }, admin);
    expect(late.status).toBe(409);

    const newer = await raise();
    expect(await policyOf(newer)).toBe(draft.version);
    expect(await policyOf(older)).toBe('2026.2');

    // Audited in the admin chain, which still verifies.
    const chain = await getJson<{ items: { action: string; target: string }[]; verification: { ok: boolean } }>(`${api.url}/admin/audit/admin-entries`, admin);
    expect(chain.items.filter((e) => e.target === `policy:${draft.version}`).map((e) => e.action)).toEqual([
      'policy.publish',
      'policy.whatIf',
      'policy.updateDraft',
      'policy.createDraft',
    ]);
    expect(chain.verification.ok).toBe(true);
  });
});
