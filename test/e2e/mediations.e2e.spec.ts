import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Rate = { numerator: number; denominator: number; value: number | null };
type Kpis = { rows: { figures: { mediations: number; mediationSuccessRate: Rate; agreementsHeldRate: Rate } }[] };
type MediationAnswer = { id: string; outcome: string; followUpDue: boolean; followUp?: { held: boolean }; mediator: { name: string } };

const laifengLeader: Person = { id: 'laifeng-secretary', role: 'town-leader' };
const sanxingSecretary: Person = actors.sanxingSecretary;

/** Shanghai's calendar day now (UTC+8 all year). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Mediation records on the real stack: kept by the village secretary at a meeting and later, linked
 * to the dispute's case, followed up, read within one's places, and counted by the reporting
 * service from the records — not from case categories.
 */
describe('mediation records', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let reporting: ServiceProcess;
  const as = (person: Person) => tokenFor(api.url, person);

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'mediations',
      services: ['case-api', 'case-worker', 'reporting'],
      env: { DEV_AUTH_SECRET: devAuthSecret('mediations') },
    });
    api = stack.service('case-api');
    reporting = stack.service('reporting');
  });

  afterAll(() => stack?.stop());

  const mediation = (extra: object) => ({
    place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07', description: '7组白果树下' },
    subject: '宅基地边界排水沟堵塞,两户争执',
    parties: [{ name: '张大爷' }, { name: '<img src=x onerror=alert(1)>李阿姨' }],
    mediator: { kind: 'courtyardMediator', name: '王德明' },
    mediatedOn: shanghaiToday(),
    method: 'homeVisit',
    outcome: 'agreed',
    agreement: '排水沟由两户共同疏通,费用各半',
    followUpOn: dayAfter(shanghaiToday(), 30),
    ...extra,
  });

  let agreedId: string;

  it('records a dispute mediated at the meeting, linked to its case, and others mediated later', async () => {
    const secretary = await as(actors.dengfengSecretary);
    const opened = await postJson(
      `${api.url}/meetings`,
      {
        level: 'village',
        scheduledAt: new Date().toISOString(),
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' },
        mode: 'inPerson',
        invitedHouseholds: 30,
      },
      secretary,
    );
    expect(opened.status).toBe(201);
    const meetingId: string = opened.body.id;
    const raised = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), category: '邻里纠纷', description: '两户因排水沟争执', meetingId },
      secretary,
    );
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.id;
    // The case is recorded by the worker; the mediation names it once the ledger has it.
    await waitFor(async () => ((await fetch(`${api.url}/cases/${caseId}`, { headers: bearer(secretary) })).ok ? true : undefined), {
      description: 'the dispute case in the ledger',
    });

    const atMeeting = await postJson(`${api.url}/mediations`, mediation({ method: 'atMeeting', meetingId, caseId }), secretary);
    expect(atMeeting.status).toBe(201);
    expect(atMeeting.body).toMatchObject({
      caseId,
      meetingId,
      outcome: 'agreed',
      followUpDue: false,
      placeNames: { town: '来凤街道', village: '登凤村' },
      recordedBy: { id: actors.dengfengSecretary.id },
    });
    agreedId = atMeeting.body.id;

    const official = await postJson(
      `${api.url}/mediations`,
      mediation({ outcome: 'partial', agreement: '部分达成:先疏通,费用另议', mediator: { kind: 'official', personId: 'laifeng-secretary' } }),
      secretary,
    );
    expect(official.status).toBe(201);
    expect((official.body as MediationAnswer).mediator.name).not.toBe('');
    const failed = await postJson(`${api.url}/mediations`, mediation({ outcome: 'failed', agreement: undefined, followUpOn: undefined, method: 'phone' }), secretary);
    expect(failed.status).toBe(201);
  });

  it('refuses what the rules refuse, naming the field, and records nothing for it', async () => {
    const secretary = await as(actors.dengfengSecretary);
    const noAgreement = await postJson(`${api.url}/mediations`, mediation({ agreement: undefined }), secretary);
    expect(noAgreement).toMatchObject({ status: 422, body: { errors: [{ field: 'body.agreement', code: 'required' }] } });
    // The rule as a code with its figures, which the console words in Chinese.
    const followUpTooSoon = await postJson(`${api.url}/mediations`, mediation({ followUpOn: mediation({}).mediatedOn }), secretary);
    expect(followUpTooSoon).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'body.followUpOn', code: 'not-after', params: { value: mediation({}).mediatedOn, after: mediation({}).mediatedOn } }] },
    });
    const onePartyOnly = await postJson(`${api.url}/mediations`, mediation({ parties: [{ name: '张大爷' }] }), secretary);
    expect(onePartyOnly.status).toBe(400);
    const notAnOfficial = await postJson(`${api.url}/mediations`, mediation({ mediator: { kind: 'official', personId: 'resident-dengfeng-1' } }), secretary);
    expect(notAnOfficial).toMatchObject({ status: 422, body: { errors: [{ field: 'body.mediator.personId', code: 'unknown' }] } });
    const otherVillage = await postJson(`${api.url}/mediations`, mediation({}), await as(sanxingSecretary));
    expect(otherVillage.status).toBe(403);
    const unknownCase = await postJson(`${api.url}/mediations`, mediation({ caseId: 'no-such-case' }), secretary);
    expect(unknownCase).toMatchObject({ status: 422, body: { errors: [{ field: 'body.caseId', code: 'unknown', params: { value: 'no-such-case' } }] } });
    const list = await getJson<{ total: number }>(`${api.url}/mediations`, secretary);
    expect(list.total).toBe(3);
  });

  it('reads mediations within one’s places only', async () => {
    const ids = async (person: Person, query = '') =>
      (await getJson<{ items: { id: string }[] }>(`${api.url}/mediations${query}`, await as(person))).items.map((m) => m.id);
    expect(await ids(actors.dengfengSecretary)).toHaveLength(3);
    expect(await ids(laifengLeader)).toHaveLength(3);
    expect(await ids(sanxingSecretary)).toEqual([]);
    expect(await ids(actors.powerHandler)).toEqual([]);
    expect(await ids(actors.dengfengSecretary, '?outcome=failed')).toHaveLength(1);
    const hidden = await fetch(`${api.url}/mediations/${agreedId}`, { headers: bearer(await as(sanxingSecretary)) });
    expect(hidden.status).toBe(404);
    const shown = await getJson<MediationAnswer & { parties: { name: string }[] }>(`${api.url}/mediations/${agreedId}`, await as(laifengLeader));
    // Stored exactly as typed; the console escapes it when showing it.
    expect(shown.parties[1]?.name).toBe('<img src=x onerror=alert(1)>李阿姨');
  });

  it('records once whether the agreement held', async () => {
    const secretary = await as(actors.dengfengSecretary);
    const followed = await postJson(`${api.url}/mediations/${agreedId}/follow-up`, { checkedOn: shanghaiToday(), held: true, note: '已疏通' }, secretary);
    expect(followed).toMatchObject({ status: 200, body: { followUp: { held: true, note: '已疏通' }, followUpDue: false } });
    const again = await postJson(`${api.url}/mediations/${agreedId}/follow-up`, { checkedOn: shanghaiToday(), held: false }, secretary);
    expect(again.status).toBe(409);
  });

  it('counts the mediations and their success rate from the records in the reporting service', async () => {
    const today = shanghaiToday();
    const url = `${reporting.url}/reports/kpis?from=${today}&to=${dayAfter(today, 1)}&granularity=range`;
    const headers = bearer(await as(actors.admin));
    const figures = await waitFor(
      async () => {
        const answer = (await (await fetch(url, { headers })).json()) as Kpis;
        const f = answer.rows[0]?.figures;
        return f && f.mediations === 3 && f.agreementsHeldRate.denominator === 1 ? f : undefined;
      },
      { description: 'the three mediations and the follow-up in the KPIs', timeoutMs: 60_000 },
    );
    // Three records, one agreed in full: the dispute case itself is not what is counted.
    expect(figures.mediationSuccessRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(figures.agreementsHeldRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // A department leader reads no village's mediations.
    const department = (await (await fetch(url, { headers: bearer(await as({ id: 'power-supply-leader-1', role: 'department-leader' })) })).json()) as Kpis;
    expect(department.rows[0]?.figures.mediations ?? 0).toBe(0);
  });
});
