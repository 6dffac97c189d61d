import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { caseSnapshotQuery, type CaseActionType } from '@bishan/contracts';
import { bishanOrganisation, createDatabase } from '@bishan/db';
import { shanghaiDateOf, type CaseView } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { openStream } from './event-stream';

type Role =
  | 'resident'
  | 'village-secretary'
  | 'town-leader'
  | 'town-triage'
  | 'department-handler'
  | 'department-leader'
  | 'district-leader'
  | 'top-district-leader'
  | 'admin';
/** Every action the case API takes (a new one fails to compile until the matrix has it). */
type Action = CaseActionType;

/**
 * Every case of the matrix is 线路整治 in 登凤村 (来凤街道), claimed by the power company, whose
 * supervising district leader is dl-09. For each role, one person whose scope covers such a case
 * and one whose scope does not (top leaders and the admin see the whole district: no outside).
 */
const people: Record<Role, { inScope: Person; outOfScope?: Person }> = {
  resident: { inScope: actors.resident, outOfScope: { id: 'resident-shilong-1', role: 'resident' } },
  'village-secretary': {
    inScope: actors.dengfengSecretary,
    outOfScope: { id: 'shilong-secretary', role: 'village-secretary' },
  },
  'town-leader': {
    inScope: { id: 'laifeng-secretary', role: 'town-leader' },
    outOfScope: { id: 'zhengxing-secretary', role: 'town-leader' },
  },
  'town-triage': {
    inScope: { id: 'laifeng-deputy-secretary', role: 'town-triage' },
    outOfScope: { id: 'zhengxing-deputy-secretary', role: 'town-triage' },
  },
  'department-handler': {
    inScope: actors.powerHandler,
    outOfScope: { id: 'water-resources-handler-1', role: 'department-handler' },
  },
  'department-leader': {
    inScope: { id: 'power-supply-leader-1', role: 'department-leader' },
    outOfScope: { id: 'water-resources-leader-1', role: 'department-leader' },
  },
  'district-leader': {
    inScope: { id: 'dl-09', role: 'district-leader' },
    outOfScope: { id: 'dl-06', role: 'district-leader' },
  },
  'top-district-leader': { inScope: { id: 'top-secretary', role: 'top-district-leader' } },
  admin: { inScope: actors.admin },
};
const allRoles = Object.keys(people) as Role[];
/** Records kept by place (mediations, key households, public notices, meeting duties): the village, its town and the top of the district. */
const placeReaders: Role[] = [
  'village-secretary',
  'town-leader',
  'town-triage',
  'top-district-leader',
  'admin',
];
/** Everyone of the matrix: each role's in-scope person and, but for the top leaders and the admin, an out-of-scope one. */
const everyone = allRoles.flatMap((role) =>
  (['in scope', 'out of scope'] as const).flatMap((scope) => {
    const person = scope === 'in scope' ? people[role].inScope : people[role].outOfScope;
    return person ? [{ role, scope, person }] : [];
  }),
);

type Step = [Action, Person, object];
const reason = { reason: '理由见台账' };
const steps: Record<string, Step> = {
  triage: ['triageCase', people['town-triage'].inScope, { route: 'district' }],
  claim: ['claimCase', actors.powerHandler, {}],
  plan: [
    'submitHandlingPlan',
    actors.powerHandler,
    { plan: '统一规整线路', responsibility: { unit: '璧山供电公司运维班', personName: '王强' } },
  ],
  extend: ['requestExtension', actors.powerHandler, { workingDays: 3, ...reason }],
  pause: ['pauseClock', actors.powerHandler, { reason: 'waitingForResident' }],
  result: ['reportResult', actors.powerHandler, { summary: '线路已规整' }],
  feedback: ['giveFeedback', actors.dengfengSecretary, { note: '已告知群众' }],
  resume: ['resumeClock', actors.powerHandler, {}],
  // Under the policy in force (2026.2) a second pause waits for the supervising leader's approval.
  pauseAgain: [
    'pauseClock',
    actors.powerHandler,
    { reason: 'waitingForFunds', workingDays: 5, note: '等专项资金' },
  ],
  instruct: ['instructCase', people['district-leader'].inScope, { text: '请会同电信公司一并整治' }],
  jointTask: [
    'assignJointTask',
    actors.powerHandler,
    {
      unit: { level: 'village', unitId: 'dengfeng' },
      task: '组织群众配合入户',
      personName: '李华',
      workingDays: 2,
    },
  ],
  dissatisfied: ['rateCase', actors.resident, { rating: 'dissatisfied' }],
};
/** Handled to a result and told to the residents: the rating window is open. */
const toRating = [steps.triage!, steps.claim!, steps.plan!, steps.result!, steps.feedback!];

/**
 * Per action: the steps that bring a fresh case to the state it needs, the body, which roles' in-scope
 * person the rules allow (never sent as a refusal), and the one of them sent last to show the case
 * was ready and the refusals were about who asked.
 */
const matrix: Record<
  Action,
  { before: Step[]; body: object | ((view: CaseView) => object); allowed: Role[]; performer: Role }
> = {
  triageCase: { before: [], body: { route: 'district' }, allowed: ['town-triage'], performer: 'town-triage' },
  claimCase: {
    before: [steps.triage!],
    body: {},
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  returnCase: {
    before: [steps.triage!, steps.claim!],
    body: reason,
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-leader',
  },
  transferCase: {
    before: [steps.triage!, steps.claim!],
    body: { toDepartmentId: 'china-telecom', ...reason },
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  submitHandlingPlan: {
    before: [steps.triage!, steps.claim!],
    body: steps.plan![2],
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  requestExtension: {
    before: [steps.triage!, steps.claim!, steps.plan!],
    body: steps.extend![2],
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  approveExtension: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.extend!],
    body: reason,
    allowed: ['district-leader'],
    performer: 'district-leader',
  },
  rejectExtension: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.extend!],
    body: reason,
    allowed: ['district-leader'],
    performer: 'district-leader',
  },
  pauseClock: {
    before: [steps.triage!, steps.claim!, steps.plan!],
    body: steps.pause![2],
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  resumeClock: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.pause!],
    body: {},
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  reportResult: {
    before: [steps.triage!, steps.claim!, steps.plan!],
    body: steps.result![2],
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  giveFeedback: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.result!],
    body: { note: '已告知群众' },
    allowed: ['village-secretary', 'town-leader'],
    performer: 'village-secretary',
  },
  rateCase: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.result!, steps.feedback!],
    body: { rating: 'satisfied' },
    allowed: ['resident'],
    performer: 'resident',
  },
  flagConcentrated: {
    before: [],
    body: reason,
    allowed: ['top-district-leader', 'admin'],
    performer: 'admin',
  },
  // The leaders' commands (督办): a leader who supervises the case — its supervising district leader
  // (dl-09 for the power company) — or a top leader, who oversees every case; a town leader does not
  // supervise a district case.
  urgeCase: {
    before: [steps.triage!, steps.claim!],
    body: { note: '请本周内到现场' },
    allowed: ['district-leader', 'top-district-leader'],
    performer: 'district-leader',
  },
  instructCase: {
    before: [steps.triage!, steps.claim!],
    body: steps.instruct![2],
    allowed: ['district-leader', 'top-district-leader'],
    performer: 'district-leader',
  },
  acknowledgeInstruction: {
    before: [steps.triage!, steps.claim!, steps.instruct!],
    body: (view) => ({ instructionId: view.instructions[0]?.instructionId, note: '收到' }),
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  // Joint handling: the lead unit gives a task (here to the case's own village); the unit reports it
  // done, or the lead unit explains it.
  assignJointTask: {
    before: [steps.triage!, steps.claim!, steps.plan!],
    body: steps.jointTask![2],
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-handler',
  },
  completeJointTask: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.jointTask!],
    body: (view) => ({ taskId: view.jointTasks[0]?.taskId, result: '已逐户通知' }),
    allowed: ['village-secretary'],
    performer: 'village-secretary',
  },
  explainJointTask: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.jointTask!],
    body: (view) => ({ taskId: view.jointTasks[0]?.taskId, explanation: '群众外出务工,无法入户' }),
    allowed: ['department-handler', 'department-leader'],
    performer: 'department-leader',
  },
  reassignCase: {
    before: [steps.triage!, steps.claim!],
    body: { toDepartmentId: 'china-telecom', ...reason },
    allowed: ['district-leader', 'top-district-leader'],
    performer: 'top-district-leader',
  },
  // A published case has no supervision until a claim or an escalation gives it one: until its claim
  // window is missed (days away under the policy in force) only the top leaders may assign it (交办).
  assignDepartment: {
    before: [steps.triage!],
    body: { departmentId: 'power-supply', ...reason },
    allowed: ['top-district-leader'],
    performer: 'top-district-leader',
  },
  // The deadlines are days away, so the escalation is the one a second dissatisfied rating raises
  // (重办 twice, policy reopenEscalatesAt 2): it goes to the supervising district leader, dl-09.
  acknowledgeEscalation: {
    before: [...toRating, steps.dissatisfied!, steps.result!, steps.feedback!, steps.dissatisfied!],
    body: { note: '已阅' },
    allowed: ['district-leader', 'top-district-leader'],
    performer: 'district-leader',
  },
  recordRating: {
    before: toRating,
    body: { rating: 'satisfied', channel: 'phone', residentId: actors.resident.id },
    allowed: ['village-secretary', 'town-leader'],
    performer: 'village-secretary',
  },
  // Pauses and extensions are decided by the case's supervising leader only, not by the top leaders.
  approvePause: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.pause!, steps.resume!, steps.pauseAgain!],
    body: {},
    allowed: ['district-leader'],
    performer: 'district-leader',
  },
  rejectPause: {
    before: [steps.triage!, steps.claim!, steps.plan!, steps.pause!, steps.resume!, steps.pauseAgain!],
    body: reason,
    allowed: ['district-leader'],
    performer: 'district-leader',
  },
};

type CaseRow = { lastEventSeq: number };
// Responses of the other services are inspected field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type LedgerPage = { items: { id: string }[]; total: number };

/** Every role × every action × in scope / out of scope, on the real stack: refusals change nothing. */
describe('authorisation matrix', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let temporal: Client;
  const caseOf = new Map<Action, string>();
  const bodyOf = new Map<Action, object>();

  const as = (person: Person) => tokenFor(api.url, person);
  const act = async (id: string, action: Action, person: Person, body: object) =>
    postJson(`${api.url}/cases/${id}/actions/${action}`, body, await as(person));
  const workflowSeq = async (id: string) =>
    (await temporal.workflow.getHandle(id).query(caseSnapshotQuery)).eventSeq;
  const recorded = async (id: string) => {
    const admin = await as(actors.admin);
    const [row, timeline] = await Promise.all([
      getJson<CaseRow>(`${api.url}/cases/${id}`, admin),
      getJson<unknown[]>(`${api.url}/cases/${id}/timeline`, admin),
    ]);
    return { lastEventSeq: row.lastEventSeq, timelineLength: timeline.length };
  };
  /** Settled: the workflow has decided the raise and everything since, and all of it is recorded. */
  const settled = (id: string, description: string) =>
    waitFor(
      async () => {
        const seq = await workflowSeq(id);
        return seq > 0 && (await recorded(id)).lastEventSeq === seq ? true : undefined;
      },
      { description, timeoutMs: 120_000 },
    );
  const ledgerTotal = async () =>
    (await getJson<LedgerPage>(`${api.url}/cases?limit=1`, await as(actors.admin))).total;
  const workflowsOnQueue = () => stack.settledWorkflowsOnQueue();
  /** Until reporting holds the case's facts (they come through the broker). */
  const caseFactsInReporting = async (id: string) => {
    const admin = await as(actors.admin);
    const url = `${stack.service('reporting').url}/reports/cases/${id}`;
    await waitFor(
      async () => ((await fetch(url, { headers: bearer(admin) })).status === 200 ? true : undefined),
      {
        description: 'the case facts in reporting',
      },
    );
  };

  beforeAll(async () => {
    // The default policy on purpose: deadlines are days away, so nothing changes a case but the requests sent.
    stack = await startTestStack({
      label: 'matrix',
      services: ['case-api', 'case-worker', 'reporting', 'notification'],
      // Reporting and notification verify the case API's development tokens with the same secret.
      env: { DEV_AUTH_SECRET: `matrix-e2e-${Date.now()}-0123456789abcdef0123` },
    });
    api = stack.service('case-api');
    temporal = stack.temporal;

    // One case per action, brought to the state the action needs, all in parallel.
    await Promise.all(
      (Object.keys(matrix) as Action[]).map(async (action) => {
        const raised = await postJson(
          `${api.url}/cases`,
          tangledLinesCase(),
          await as(actors.dengfengSecretary),
        );
        expect(raised.status).toBe(201);
        const id: string = raised.body.id;
        let view = raised.body.view as CaseView;
        for (const [step, person, body] of matrix[action].before) {
          // The next actor may read the case only once the read model shows the last step (a published
          // case becomes the department's to see when it is recorded): on a loaded machine that lags.
          await settled(id, `${action}: the case recorded before ${step}`);
          const answer = await act(id, step, person, body);
          if (answer.status !== 200)
            throw new Error(`setting up ${action}: ${step} answered ${answer.status} ${answer.body.detail}`);
          view = answer.body.view as CaseView;
        }
        const { body } = matrix[action];
        bodyOf.set(action, typeof body === 'function' ? body(view) : body);
        await settled(id, `the case for ${action} to be recorded`);
        caseOf.set(action, id);
      }),
    );
    // Twenty-three cases brought along in parallel on a shared machine.
  }, 900_000);

  afterAll(() => stack?.stop());

  it.each(Object.keys(matrix) as Action[])(
    '%s: every other role and every out-of-scope person is refused, changing nothing',
    async (action) => {
      const { allowed, performer } = matrix[action];
      const id = caseOf.get(action)!;
      const body = bodyOf.get(action)!;
      const before = { ...(await recorded(id)), ledger: await ledgerTotal() };
      const attempts = allRoles.flatMap((role) => [
        ...(allowed.includes(role) ? [] : [{ role, scope: 'in scope', person: people[role].inScope }]),
        ...(people[role].outOfScope
          ? [{ role, scope: 'out of scope', person: people[role].outOfScope! }]
          : []),
      ]);
      for (const { role, scope, person } of attempts) {
        const seq = await workflowSeq(id);
        const answer = await act(id, action, person, body);
        expect({ role, scope, refused: [403, 404, 409].includes(answer.status) || answer.status }).toEqual({
          role,
          scope,
          refused: true,
        });
        expect(answer.contentType).toContain('application/problem+json');
        // The workflow is the truth of the moment: not a single event was decided.
        expect({ role, scope, seq: await workflowSeq(id) }).toEqual({ role, scope, seq });
        // Whoever cannot read the case must not learn from the answer that it exists.
        if (scope === 'out of scope') expect({ role, status: answer.status }).toEqual({ role, status: 404 });
      }
      expect({ ...(await recorded(id)), ledger: await ledgerTotal() }).toEqual(before);

      // The case was ready for this action all along: its in-scope performer succeeds.
      const done = await act(id, action, people[performer].inScope, body);
      expect({ performer, status: done.status, detail: done.body.detail }).toEqual({
        performer,
        status: 200,
        detail: undefined,
      });
    },
  );

  it('raiseCase: out-of-scope and role-less raisers start no case and no workflow', async () => {
    const before = { ledger: await ledgerTotal(), workflows: await workflowsOnQueue() };
    const online = { ...tangledLinesCase(), channel: 'onlineGroup' };
    const attempts: [Person, object][] = [
      [people['village-secretary'].outOfScope!, tangledLinesCase()],
      [people['town-leader'].outOfScope!, tangledLinesCase()],
      // A resident raises only online, and only as a reporter of the case.
      [people.resident.outOfScope!, online],
      [people.resident.inScope, tangledLinesCase()],
      [people['town-triage'].inScope, tangledLinesCase()],
      [people['town-triage'].outOfScope!, tangledLinesCase()],
    ];
    for (const [person, body] of attempts) {
      const answer = await postJson(`${api.url}/cases`, body, await as(person));
      expect({ who: person.id, status: answer.status }).toEqual({ who: person.id, status: 403 });
    }
    expect({ ledger: await ledgerTotal(), workflows: await workflowsOnQueue() }).toEqual(before);

    const raisedOnline = await postJson(`${api.url}/cases`, online, await as(people.resident.inScope));
    expect(raisedOnline.status).toBe(201);
  });

  it('raiseCase: places and categories outside the organisation are refused with 422 naming the field, creating nothing', async () => {
    const before = { ledger: await ledgerTotal(), workflows: await workflowsOnQueue() };
    const secretary = await as(actors.dengfengSecretary);
    const admin = await as(actors.admin);
    const withPlace = (location: object, extra: object = {}) => ({
      ...tangledLinesCase(),
      location,
      ...extra,
    });
    const refusals: [string, object, string[]][] = [
      [
        admin,
        withPlace({ townId: '<img src=x onerror=alert(1)>', villageId: 'dengfeng' }),
        ['body.location.townId'],
      ],
      [admin, withPlace({ townId: 'laifeng', villageId: 'nowhere' }), ['body.location.villageId']],
      [admin, withPlace({ townId: 'zhengxing', villageId: 'dengfeng' }), ['body.location.villageId']],
      [
        admin,
        withPlace({ townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'no-such-yard' }),
        ['body.location.courtyardId'],
      ],
      [
        admin,
        withPlace({ townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'shilong-yard-01' }),
        ['body.location.courtyardId'],
      ],
      [admin, { ...tangledLinesCase(), category: '<script>x</script>' }, ['body.category']],
      // The secretary's own village named under another town.
      [secretary, withPlace({ townId: 'zhengxing', villageId: 'dengfeng' }), ['body.location.villageId']],
    ].map(([token, body, fields]) => [token as string, body as object, fields as string[]]);
    for (const [token, body, fields] of refusals) {
      const answer = await postJson(`${api.url}/cases`, body, token);
      expect({
        body,
        status: answer.status,
        fields: answer.body.errors?.map((e: { field: string }) => e.field),
      }).toEqual({
        body,
        status: 422,
        fields,
      });
      expect(answer.contentType).toContain('application/problem+json');
    }
    // A secretary raising in a real village of another town, and a town leader in another town: 403.
    const otherTown = withPlace({ townId: 'zhengxing', villageId: 'shilong' });
    expect((await postJson(`${api.url}/cases`, otherTown, secretary)).status).toBe(403);
    expect(
      (await postJson(`${api.url}/cases`, otherTown, await as(people['town-leader'].inScope))).status,
    ).toBe(403);
    expect({ ledger: await ledgerTotal(), workflows: await workflowsOnQueue() }).toEqual(before);
  });

  it('read scope: every read route answers each role in scope and refuses (404, or leaves out) out of scope', async () => {
    // The rated case went round the whole loop: claimed by the power company, supervised by dl-09.
    const id = caseOf.get('rateCase')!;
    const reporting = stack.service('reporting').url;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
    const kpiGroups = async (token: string, groupBy: string) => {
      const answer = await fetch(
        `${reporting}/reports/kpis?from=${today}&to=${tomorrow}&granularity=range&groupBy=${groupBy}`,
        {
          headers: bearer(token),
        },
      );
      if (answer.status !== 200) return answer.status;
      return ((await answer.json()) as { rows: { group: string | null }[] }).rows.map((r) => r.group);
    };
    const admin = await as(actors.admin);
    await caseFactsInReporting(id);
    await waitFor(
      async () => ((await kpiGroups(admin, 'department')) as string[]).includes('power-supply') || undefined,
      {
        description: "the power company's KPI row",
      },
    );

    const reads = async (person: Person) => {
      const token = await as(person);
      const status = async (url: string) => (await fetch(url, { headers: bearer(token) })).status;
      const ledger = await fetch(`${api.url}/cases?limit=200`, { headers: bearer(token) });
      const csv = await fetch(`${api.url}/cases/export.csv`, { headers: bearer(token) });
      return {
        case: await status(`${api.url}/cases/${id}`),
        timeline: await status(`${api.url}/cases/${id}/timeline`),
        open311: await status(`${api.url}/open311/v2/requests/${id}.json`),
        inOpen311List: await (async () => {
          const answer = await fetch(`${api.url}/open311/v2/requests.json?service_request_id=${id}`, {
            headers: bearer(token),
          });
          if (answer.status !== 200) return answer.status;
          return ((await answer.json()) as { service_request_id: string }[]).some(
            (r) => r.service_request_id === id,
          );
        })(),
        // A village's residents' groups and their courtyards are the organisation's: anyone signed in reads them.
        residentGroups: await status(`${api.url}/resident-groups?villageId=dengfeng`),
        inLedger:
          ledger.status === 200 && ((await ledger.json()) as LedgerPage).items.some((i) => i.id === id),
        inCsv: csv.status === 200 && (await csv.text()).includes(id),
        reportFacts: await status(`${reporting}/reports/cases/${id}`),
        kpiByDepartment: await kpiGroups(token, 'department'),
        kpiByLeader: await kpiGroups(token, 'leader'),
      };
    };
    const seen = {
      case: 200,
      timeline: 200,
      open311: 200,
      inOpen311List: true,
      residentGroups: 200,
      inLedger: true,
      inCsv: true,
      reportFacts: 200,
    };
    const unseen = {
      case: 404,
      timeline: 404,
      open311: 404,
      inOpen311List: false,
      residentGroups: 200,
      inLedger: false,
      inCsv: false,
      reportFacts: 404,
    };
    for (const role of allRoles) {
      for (const [scope, person] of [
        ['in scope', people[role].inScope],
        ['out of scope', people[role].outOfScope],
      ] as const) {
        if (!person) continue;
        // The rated case is in the ledger of the town, the village, the power company, dl-09 and its reporter.
        const sees = scope === 'in scope';
        const got = await reads(person);
        const { kpiByDepartment, kpiByLeader, ...routes } = got;
        if (role === 'resident') {
          // Residents read their own cases, never the district's figures.
          expect({ role, scope, routes, kpi: [kpiByDepartment, kpiByLeader] }).toEqual({
            role,
            scope,
            routes: { ...(sees ? seen : unseen), reportFacts: 403 },
            kpi: [403, 403],
          });
          continue;
        }
        expect({ role, scope, routes }).toEqual({ role, scope, routes: sees ? seen : unseen });
        // Figures by department and by leader count only cases the reader may see.
        expect({ role, scope, department: (kpiByDepartment as string[]).includes('power-supply') }).toEqual({
          role,
          scope,
          department: sees,
        });
        expect({ role, scope, leader: (kpiByLeader as string[]).includes('dl-09') }).toEqual({
          role,
          scope,
          leader: sees,
        });
      }
    }
  });

  it('read scope of the exports, the summary and the place records: out of scope answers 404, 403 or leaves the other scope out', async () => {
    const id = caseOf.get('rateCase')!;
    const reporting = stack.service('reporting').url;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
    const kpiQuery = `from=${today}&to=${tomorrow}&granularity=range&groupBy=department`;
    const secretary = await as(actors.dengfengSecretary);
    const admin = await as(actors.admin);

    // Place records of 登凤村: a meeting, a mediation and a key household.
    const meeting = await postJson(
      `${api.url}/meetings`,
      {
        level: 'village',
        scheduledAt: new Date().toISOString(),
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' },
        mode: 'inPerson',
        invitedHouseholds: 20,
      },
      secretary,
    );
    expect({ meeting: meeting.status, detail: meeting.body.detail }).toEqual({
      meeting: 201,
      detail: undefined,
    });
    const mediation = await postJson(
      `${api.url}/mediations`,
      {
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' },
        subject: '宅基地边界排水沟堵塞,两户争执',
        parties: [{ name: '张大爷' }, { name: '李阿姨' }],
        mediator: { kind: 'courtyardMediator', name: '王德明' },
        mediatedOn: today,
        method: 'homeVisit',
        outcome: 'agreed',
        agreement: '排水沟由两户共同疏通',
        followUpOn: tomorrow,
      },
      secretary,
    );
    expect({ mediation: mediation.status, detail: mediation.body.detail }).toEqual({
      mediation: 201,
      detail: undefined,
    });
    const household = await postJson(
      `${api.url}/key-households`,
      {
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' },
        name: '独居老人刘',
        kinds: ['petitioner'],
      },
      secretary,
    );
    expect({ household: household.status, detail: household.body.detail }).toEqual({
      household: 201,
      detail: undefined,
    });

    // Reporting has caught up with every case of the read model (the summary counts what the reader may open).
    const ledgerTotalOf = async (token: string) =>
      (await getJson<LedgerPage>(`${api.url}/cases?limit=1`, token)).total;
    const summaryOf = async (token: string) => {
      const answer = await fetch(`${reporting}/reports/summary`, { headers: bearer(token) });
      return answer.status === 200 ? ((await answer.json()) as { casesRaised: number }) : answer.status;
    };
    await waitFor(
      async () => {
        const summary = await summaryOf(admin);
        return typeof summary === 'object' && summary.casesRaised === (await ledgerTotalOf(admin))
          ? true
          : undefined;
      },
      { description: 'every case of the ledger in the reporting facts', timeoutMs: 120_000 },
    );
    await caseFactsInReporting(id);

    const cellsOf = async (answer: Response) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await answer.arrayBuffer()) as ExcelJS.Buffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))),
      );
      return cells;
    };
    const reads = async (person: Person) => {
      const token = await as(person);
      const get = (url: string) => fetch(url, { headers: bearer(token) });
      const xlsx = await get(`${api.url}/cases/export.xlsx`);
      const kpiCsv = await get(`${reporting}/reports/kpis/export.csv?${kpiQuery}`);
      const kpiXlsx = await get(`${reporting}/reports/kpis/export.xlsx?${kpiQuery}`);
      const summary = await summaryOf(token);
      const list = async (url: string, key: string, wanted: string) => {
        const answer = await get(url);
        if (answer.status !== 200) return answer.status;
        return ((await answer.json()) as { items: Record<string, unknown>[] }).items.some(
          (item) => item[key] === wanted,
        );
      };
      return {
        inXlsx: xlsx.status === 200 ? (await cellsOf(xlsx)).includes(id) : xlsx.status,
        kpiCsv: kpiCsv.status === 200 ? (await kpiCsv.text()).includes('power-supply') : kpiCsv.status,
        kpiXlsx: kpiXlsx.status === 200 ? (await cellsOf(kpiXlsx)).includes('power-supply') : kpiXlsx.status,
        // Counts only the cases this reader may open in the ledger.
        summaryCountsOwnLedger:
          typeof summary === 'object' ? summary.casesRaised === (await ledgerTotalOf(token)) : summary,
        mediation: (await get(`${api.url}/mediations/${mediation.body.id}`)).status,
        mediationListed: await list(`${api.url}/mediations`, 'id', mediation.body.id),
        householdListed: await list(`${api.url}/key-households`, 'id', household.body.id),
        meeting: (await get(`${api.url}/meetings/${meeting.body.id}`)).status,
        meetingListed: await list(`${api.url}/meetings`, 'id', meeting.body.id),
        meetingVisits: (await get(`${api.url}/meetings/${meeting.body.id}/key-household-visits`)).status,
        meetingFacts: (await get(`${reporting}/reports/meetings/${meeting.body.id}`)).status,
      };
    };
    for (const role of allRoles) {
      for (const [scope, person] of [
        ['in scope', people[role].inScope],
        ['out of scope', people[role].outOfScope],
      ] as const) {
        if (!person) continue;
        const sees = scope === 'in scope';
        const atPlace = sees && placeReaders.includes(role);
        const expected =
          role === 'resident'
            ? {
                // A resident reads their own cases only: never the district's figures or its officials' records.
                inXlsx: sees,
                kpiCsv: 403,
                kpiXlsx: 403,
                summaryCountsOwnLedger: 403,
                mediation: 404,
                mediationListed: false,
                householdListed: false,
                meeting: 403,
                meetingListed: 403,
                meetingVisits: 403,
                meetingFacts: 403,
              }
            : {
                inXlsx: sees,
                kpiCsv: sees,
                kpiXlsx: sees,
                summaryCountsOwnLedger: true,
                mediation: atPlace ? 200 : 404,
                mediationListed: atPlace,
                householdListed: atPlace,
                // Meeting records are district-public to staff (a disclosure practice).
                meeting: 200,
                meetingListed: true,
                meetingVisits: 200,
                meetingFacts: 200,
              };
        expect({ role, scope, ...(await reads(person)) }).toEqual({ role, scope, ...expected });
      }
    }
  }, 600_000);

  it('read scope of reconciliations, ledger reviews, the inbox and its stream, public notices, meeting duties and the organisation; administration answers the admin only', async () => {
    // The rated case: 登凤村 (来凤街道), handled by the power company, supervised by dl-09.
    const id = caseOf.get('rateCase')!;
    const notification = stack.service('notification').url;
    const admin = await as(actors.admin);
    const month = shanghaiDateOf(Date.now()).slice(0, 7);
    const org = bishanOrganisation();
    const get = async (url: string, person: Person) => fetch(url, { headers: bearer(await as(person)) });
    /** The body of a 200, else the status. */
    const read = async (url: string, person: Person): Promise<Json> => {
      const answer = await get(url, person);
      return answer.status === 200 ? answer.json() : answer.status;
    };
    const reconciliation = (runId: string) => `${api.url}/reconciliations/${encodeURIComponent(runId)}`;
    const review = (reviewId: string) => `${api.url}/ledger-reviews/${encodeURIComponent(reviewId)}`;

    // Every person's event stream is open before anything below tells anyone anything.
    const streams = new Map<string, ReturnType<typeof openStream>>();
    for (const { person } of everyone) {
      const ticket = await postJson(`${notification}/notifications/stream-tickets`, {}, await as(person));
      expect({ who: person.id, status: ticket.status }).toEqual({ who: person.id, status: 201 });
      const stream = openStream(`${notification}/notifications/stream?ticket=${ticket.body.ticket}`);
      streams.set(person.id, stream);
      await stream.opened;
    }
    type Pushed = { recipient: string; kind: string };
    const pushed = (personId: string): Pushed[] =>
      (streams.get(personId)?.events ?? [])
        .filter((e) => e.event === 'notification')
        .map((e) => JSON.parse(e.data) as Pushed);

    // A reconciliation with one mismatch, on the rated case: every case recorded as its workflow
    // decided it, the rated case's ledger row made to differ, the month compared, the row put back.
    const ledger = await getJson<LedgerPage>(`${api.url}/cases?limit=200`, admin);
    for (const item of ledger.items)
      await settled(item.id, `case ${item.id} recorded before the reconciliation`);
    const db = await createDatabase(stack.db.url);
    let runId: string;
    try {
      const row = await db.case.findUniqueOrThrow({ where: { id } });
      await db.case.update({ where: { id }, data: { nextDeadlineAt: new Date('2030-01-01T00:00:00Z') } });
      try {
        const started = await postJson(`${api.url}/reconciliations`, { month }, admin);
        expect({ status: started.status, detail: started.body.detail }).toEqual({
          status: 202,
          detail: undefined,
        });
        runId = started.body.reconciliationId;
        await waitFor(
          async () =>
            (await read(reconciliation(runId), actors.admin)).status === 'awaitingSignOff' || undefined,
          {
            description: 'the month compared',
            timeoutMs: 60_000,
          },
        );
      } finally {
        await db.case.update({ where: { id }, data: { nextDeadlineAt: row.nextDeadlineAt } });
      }
    } finally {
      await db.$disconnect();
    }
    const run = await read(reconciliation(runId), actors.admin);
    expect(run.mismatches.map((m: Json) => m.caseId)).toEqual([id]);
    // The month closes once the department and the unit answerable for the case have signed, each
    // with a note that readers of other units' mismatches must not be shown.
    const signers: [string, Person][] = [
      ['department:power-supply', people['department-leader'].inScope],
      ['unit:laifeng', people['town-leader'].inScope],
    ];
    expect(run.requiredSignOffs.map((slot: Json) => `${slot.role}:${slot.partyId}`)).toEqual(
      signers.map(([slot]) => slot),
    );
    for (const [slot, signer] of signers) {
      const signed = await postJson(
        `${reconciliation(runId)}/sign-offs`,
        { slot, note: `已核对,台账截止时间系人为改动(${slot})` },
        await as(signer),
      );
      expect({ slot, status: signed.status, detail: signed.body.detail }).toEqual({
        slot,
        status: 200,
        detail: undefined,
      });
    }
    const snapshotUrl = `${api.url}/reconciliations/snapshots/${month}`;
    await waitFor(async () => typeof (await read(snapshotUrl, actors.admin)) === 'object' || undefined, {
      description: 'the month snapshot stored',
      timeoutMs: 60_000,
    });

    // This month's ledger reviews of 来凤街道 and of the power company; their leaders are told on their streams.
    const startReview = async (unit: object) => {
      const started = await postJson(`${api.url}/ledger-reviews`, { period: month, unit }, admin);
      expect({ status: started.status, detail: started.body.detail }).toEqual({
        status: 202,
        detail: undefined,
      });
      const reviewId: string = started.body.reviewId;
      await waitFor(async () => (await get(review(reviewId), actors.admin)).ok || undefined, {
        description: `the sheet of ${reviewId}`,
      });
      return reviewId;
    };
    const townReview = await startReview({ kind: 'town', townId: 'laifeng' });
    const departmentReview = await startReview({ kind: 'department', departmentId: 'power-supply' });
    const reviewLeaders = new Set([
      ...(org.towns.find((t) => t.id === 'laifeng')?.leaderIds ?? []),
      ...(org.departments.find((d) => d.id === 'power-supply')?.leaderIds ?? []),
    ]);
    await waitFor(
      async () =>
        [people['town-leader'].inScope, people['department-leader'].inScope].every((p) =>
          pushed(p.id).some((m) => m.kind === 'ledgerReviewOpened'),
        ) || undefined,
      { description: 'the review notices on the leaders’ streams', timeoutMs: 60_000 },
    );

    // Who was told of the rated case (its messages, as the admin lists everyone's), and its public notices.
    const toldOfCase = await waitFor(
      async () => {
        const recipients = new Set<string>(
          ((await read(`${notification}/notifications?caseId=${id}&limit=200`, actors.admin)) as Json[]).map(
            (m) => m.recipient,
          ),
        );
        return [actors.resident, actors.powerHandler].every((p) => recipients.has(p.id))
          ? recipients
          : undefined;
      },
      { description: 'the messages about the rated case', timeoutMs: 60_000 },
    );
    await waitFor(
      async () =>
        (await read(`${notification}/public-notices?caseId=${id}`, actors.admin)).items.length > 0 ||
        undefined,
      {
        description: 'the public notices of the rated case',
        timeoutMs: 60_000,
      },
    );

    const reads = async (person: Person) => {
      const status = async (url: string) => (await get(url, person)).status;
      const listed = async (url: string, key: string, wanted: string) => {
        const answer = await read(url, person);
        return typeof answer === 'number'
          ? answer
          : (answer.items as Json[]).some((item) => item[key] === wanted);
      };
      /** Whether the reader is shown the rated case's mismatch, and the signatures that answer for it. */
      const books = async (url: string, parts: (body: Json) => Record<string, Json[]>) => {
        const answer = await read(url, person);
        if (typeof answer === 'number') return answer;
        return Object.fromEntries(
          Object.entries(parts(answer)).map(([part, items]) => [
            part,
            part === 'mismatch' ? items.some((m) => m.caseId === id) : items.length > 0,
          ]),
        );
      };
      const runs = await read(`${api.url}/reconciliations?month=${month}`, person);
      const listedRun =
        typeof runs === 'number' ? undefined : (runs.items as Json[]).find((r) => r.id === runId);
      const sheet = async (reviewId: string) => ({
        listed: await listed(`${api.url}/ledger-reviews?period=${month}`, 'id', reviewId),
        sheet: await status(review(reviewId)),
        xlsx: await status(`${review(reviewId)}/sheet.xlsx`),
        pdf: await status(`${review(reviewId)}/sheet.pdf`),
      });
      const inbox: Json[] = (await read(`${notification}/notifications/me?pageSize=200`, person)).items;
      const aboutCase: Json[] = await read(`${notification}/notifications?caseId=${id}&limit=200`, person);
      const duties = await read(`${api.url}/meeting-duties`, person);
      const mediators = await read(`${api.url}/mediations/mediators?villageId=dengfeng`, person);
      return {
        reconciliation: {
          listed:
            typeof runs === 'number'
              ? runs
              : { run: listedRun !== undefined, required: listedRun?.requiredSignOffs.length > 0 },
          run: await books(reconciliation(runId), (body) => ({
            mismatch: body.mismatches,
            required: body.requiredSignOffs,
            signed: body.signOffs,
          })),
          mismatches: await books(`${reconciliation(runId)}/mismatches`, (body) => ({
            mismatch: body.items,
          })),
          snapshot: await books(snapshotUrl, (body) => ({
            mismatch: body.content.mismatches,
            signed: body.content.signOffs,
          })),
        },
        townReview: await sheet(townReview),
        departmentReview: await sheet(departmentReview),
        inbox: {
          own: inbox.every((m) => m.recipient === person.id),
          toldOfCase: aboutCase.length > 0,
          aboutCaseOwn: aboutCase.every((m) => m.recipient === person.id),
          another: await status(`${notification}/notifications?recipient=${actors.powerHandler.id}`),
          preferences: await status(`${notification}/notifications/me/preferences`),
        },
        stream: {
          own: pushed(person.id).every((m) => m.recipient === person.id),
          toldOfReview: pushed(person.id).some((m) => m.kind === 'ledgerReviewOpened'),
        },
        publicNotices: await listed(`${notification}/public-notices?limit=200`, 'caseId', id),
        meetingDutiesHere:
          typeof duties === 'number'
            ? duties
            : (duties.duties as Json[]).some(
                (d) => d.unit.kind !== 'town' && d.unit.villageId === 'dengfeng',
              ),
        mediators: typeof mediators === 'number' ? mediators : mediators.length > 0,
        organisation: await status(`${api.url}/organisation`),
        officials: await status(`${api.url}/organisation/people`),
      };
    };
    const townReviewReaders: Role[] = ['town-leader', 'town-triage', 'top-district-leader', 'admin'];
    const departmentReviewReaders: Role[] = [
      'department-handler',
      'department-leader',
      'district-leader',
      'top-district-leader',
      'admin',
    ];
    const sheetAnswers = (readable: boolean) =>
      readable
        ? { listed: true, sheet: 200, xlsx: 200, pdf: 200 }
        : { listed: false, sheet: 404, xlsx: 404, pdf: 404 };
    for (const { role, scope, person } of everyone) {
      const sees = scope === 'in scope';
      const resident = role === 'resident';
      const expected = {
        // Officials read the month's run; its mismatches are cut by the case visibility rule. Residents: 403.
        reconciliation: resident
          ? { listed: 403, run: 403, mismatches: 403, snapshot: 403 }
          : {
              listed: { run: true, required: sees },
              run: { mismatch: sees, required: sees, signed: sees },
              mismatches: { mismatch: sees },
              snapshot: { mismatch: sees, signed: sees },
            },
        // A town's review: its leadership and triage; a department's: its people and its supervising district leader.
        townReview: sheetAnswers(sees && townReviewReaders.includes(role)),
        departmentReview: sheetAnswers(sees && departmentReviewReaders.includes(role)),
        inbox: {
          own: true,
          // Told of the case: only people who may see it; the admin lists everyone's messages.
          toldOfCase: role === 'admin' || (sees && toldOfCase.has(person.id)),
          aboutCaseOwn: role !== 'admin',
          another: role === 'admin' || person.id === actors.powerHandler.id ? 200 : 403,
          preferences: 200,
        },
        stream: { own: true, toldOfReview: reviewLeaders.has(person.id) },
        // A resident reads their own village's notices; officials those of their places.
        publicNotices: sees && (resident || placeReaders.includes(role)),
        meetingDutiesHere: sees && placeReaders.includes(role),
        mediators: sees && placeReaders.includes(role),
        organisation: 200,
        officials: resident ? 403 : 200,
      };
      expect({ role, scope, ...(await reads(person)) }).toEqual({ role, scope, ...expected });
      // Nobody out of scope was told of the case.
      if (!sees)
        expect({ role, scope, told: toldOfCase.has(person.id) }).toEqual({ role, scope, told: false });
    }
    for (const stream of streams.values()) stream.close();

    // Administration: every read of the organisation's records, the audit, the policies, the calendar,
    // operations and the notification service's administration answers the admin role only.
    const version: string = (await read(`${api.url}/admin/policies`, actors.admin)).inForce;
    const organisationRecords = [
      '',
      '/towns',
      '/towns/laifeng',
      '/villages',
      '/villages/dengfeng',
      '/courtyards',
      '/courtyards/dengfeng-yard-01',
      '/departments',
      '/departments/power-supply',
      '/district-leaders',
      '/district-leaders/dl-09',
      '/top-district-leaders',
    ];
    const adminReads: [string, number][] = [
      ...organisationRecords.map((record): [string, number] => [
        `${api.url}/admin/organisation${record}`,
        200,
      ]),
      [`${api.url}/admin/audit/cases/${id}/verify`, 200],
      [`${api.url}/admin/audit/verify`, 200],
      [`${api.url}/admin/audit/admin-entries`, 200],
      [`${api.url}/admin/policies`, 200],
      [`${api.url}/admin/policies/${version}`, 200],
      [`${api.url}/admin/policies/${version}/diff`, 200],
      [`${api.url}/admin/policies/${version}/what-ifs`, 200],
      [`${api.url}/admin/policies/${version}/what-ifs/no-such-run`, 404],
      [`${api.url}/admin/policies/${version}/what-ifs/no-such-run/report.xlsx`, 404],
      [`${api.url}/calendar`, 200],
      [`${api.url}/ops/overview`, 200],
      [`${notification}/admin/notification-deliveries?limit=1`, 200],
      [`${notification}/admin/notification-templates`, 200],
      [`${notification}/admin/notification-webhooks`, 200],
      [`${notification}/admin/dead-letters`, 200],
    ];
    for (const { role, scope, person } of everyone) {
      const answers = await Promise.all(
        adminReads.map(async ([url]) => ({ url, status: (await get(url, person)).status })),
      );
      expect({ role, scope, answers }).toEqual({
        role,
        scope,
        answers: adminReads.map(([url, asAdmin]) => ({ url, status: role === 'admin' ? asAdmin : 403 })),
      });
    }
  }, 300_000);

  it('shows a resident their own case without staff ids, internal notes or the other reporters', async () => {
    const id = caseOf.get('rateCase')!;
    const resident = await as(people.resident.inScope);
    const view = await getJson<Record<string, unknown>>(`${api.url}/cases/${id}`, resident);
    expect(view.reporterIds).toEqual([people.resident.inScope.id]);
    for (const internal of [
      'view',
      'coHandlerIds',
      'likelyDuplicates',
      'likelyDuplicateCount',
      'lastEventSeq',
      'meetingId',
    ])
      expect(view).not.toHaveProperty(internal);
    const timeline = await getJson<Record<string, unknown>[]>(`${api.url}/cases/${id}/timeline`, resident);
    const text = JSON.stringify(timeline);
    // Staff ids and internal notes (the plan's responsible person, return/extension reasons) stay out.
    for (const staff of [
      'dengfeng-secretary',
      'power-supply-handler-1',
      'laifeng-deputy-secretary',
      'dl-09',
      '王强',
      '统一规整线路',
    ])
      expect({ staff, shown: text.includes(staff) }).toEqual({ staff, shown: false });
    expect(timeline.some((e) => e['type'] === 'resultReported' && e['summary'] === '线路已规整')).toBe(true);
    expect(timeline.some((e) => e['type'] === 'caseRated' && e['byMe'] === true)).toBe(true);
    // Officials still see everything.
    const official = await getJson<Record<string, unknown>>(
      `${api.url}/cases/${id}`,
      await as(actors.dengfengSecretary),
    );
    expect(official).toHaveProperty('view');
  });

  it('lets a resident see only their own cases, in the ledger, the CSV and case by case', async () => {
    const resident = await as({ id: 'resident-dengfeng-2', role: 'resident' });
    const own = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), reporterIds: ['resident-dengfeng-2'] },
      await as(actors.dengfengSecretary),
    );
    await waitFor(
      async () => ((await getJson<LedgerPage>(`${api.url}/cases`, resident)).total === 1 ? true : undefined),
      {
        description: "the resident's case in their ledger",
      },
    );
    const page = await getJson<LedgerPage>(`${api.url}/cases?limit=200`, resident);
    expect(page.items.map((i) => i.id)).toEqual([own.body.id]);
    const csv = await (await fetch(`${api.url}/cases/export.csv`, { headers: bearer(resident) })).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    const other = caseOf.get('triageCase')!;
    for (const path of [`/cases/${other}`, `/cases/${other}/timeline`]) {
      expect((await fetch(`${api.url}${path}`, { headers: bearer(resident) })).status).toBe(404);
    }
    expect((await fetch(`${api.url}/cases/${own.body.id}`, { headers: bearer(resident) })).status).toBe(200);
  });

  it('answers 401 with a Bearer challenge without a token, with a bad one, and with a forged one', async () => {
    const valid = await as(actors.admin);
    const [header, payload] = valid.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin', sub: 'x' })).toString('base64url')}.${valid.split('.')[2]}`;
    for (const authorization of [
      undefined,
      'Bearer not-a-token',
      'Basic YWRtaW46YWRtaW4=',
      `Bearer ${forged}`,
    ]) {
      const response = await fetch(`${api.url}/cases`, { headers: authorization ? { authorization } : {} });
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect((await fetch(`${api.url}/docs/openapi.json`)).status).toBe(200);
  });

  it('keeps administration to the admin role', async () => {
    const id = caseOf.get('triageCase')!;
    const asTop = await fetch(`${api.url}/admin/audit/cases/${id}/verify`, {
      headers: bearer(await as(people['top-district-leader'].inScope)),
    });
    expect(asTop.status).toBe(403);
    const asAdmin = await fetch(`${api.url}/admin/audit/cases/${id}/verify`, {
      headers: bearer(await as(actors.admin)),
    });
    expect(asAdmin.status).toBe(200);
  });

  it('logs in seed users of every role, and refuses unknown users, roles not held and cadres', async () => {
    const users = await getJson<{ items: { id: string; roles: string[] }[]; total: number }>(
      `${api.url}/auth/dev-users?role=town-triage&townId=laifeng&limit=2&offset=1`,
    );
    expect(users.total).toBe(5);
    expect(users.items).toHaveLength(2);
    expect(users.items.every((u) => u.roles.includes('town-triage'))).toBe(true);
    for (const role of allRoles) await expect(as(people[role].inScope)).resolves.toMatch(/^ey/);

    const login = (body: object) => postJson(`${api.url}/auth/dev-login`, body);
    const firstRole = await login({ userId: 'laifeng-secretary' });
    expect(firstRole.status).toBe(200);
    expect(firstRole.body.actor).toMatchObject({
      id: 'laifeng-secretary',
      role: 'town-leader',
      townId: 'laifeng',
    });
    expect((await login({ userId: 'nobody' })).status).toBe(404);
    expect((await login({ userId: 'dengfeng-secretary', role: 'admin' })).status).toBe(400);
    const cadre = await login({ userId: 'cadre-0001' });
    expect(cadre.status).toBe(403);
    expect(cadre.body.detail).toMatch(/courtyard cadre/);
  });
});
