import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { likelyDuplicatesNamed } from '@bishan/domain';
import { actors, bearer, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type Duplicate = { caseId: string; raisedAt: string };
type CaseRead = {
  id: string;
  description: string;
  likelyDuplicates: Duplicate[];
  likelyDuplicateCount: number;
};

/** A repeated report is raised all the same, and both it and the original point at each other. */
describe('likely duplicates on normalised text', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'dupes', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: { id: string; role: string }) => tokenFor(api.url, person);
  const report = (description: string, villageId = 'dengfeng', category = '道路市容') => ({
    ...tangledLinesCase(),
    category,
    description,
    location: { townId: 'laifeng', villageId },
  });
  const raise = async (body: unknown, person: { id: string; role: string } = actors.dengfengSecretary) => {
    const answer = await postJson(`${api.url}/cases`, body, await as(person));
    expect(answer.status).toBe(201);
    return answer.body as {
      id: string;
      status: string;
      likelyDuplicates: Duplicate[];
      likelyDuplicateCount: number;
    };
  };
  const read = async (id: string, person: { id: string; role: string } = actors.admin) => {
    const response = await fetch(`${api.url}/cases/${id}`, { headers: bearer(await as(person)) });
    return response.status === 200 ? ((await response.json()) as CaseRead) : undefined;
  };

  it('lists the open case a repeated report matches, raises it anyway and stores its text as sent', async () => {
    const original = await raise(report('村口路灯坏了，晚上看不见！'));
    expect(original.likelyDuplicates).toEqual([]);
    await waitFor(() => read(original.id), { description: 'the first report in the read model' });

    const repeatText = ' 村口路灯坏了 晚上看不见。。 🙏';
    const repeat = await raise(report(repeatText));
    expect(repeat.status).toBe('inLedger');
    expect(repeat.id).not.toBe(original.id);
    expect(repeat.likelyDuplicates.map((d) => d.caseId)).toEqual([original.id]);

    // Another village, another category or other words: not a duplicate.
    const elsewhere = await raise(report('村口路灯坏了，晚上看不见！', 'sanxing'), actors.sanxingSecretary);
    expect(elsewhere.likelyDuplicates).toEqual([]);
    expect(
      (await raise(report('村口路灯坏了，晚上看不见！', 'dengfeng', '环境卫生'))).likelyDuplicates,
    ).toEqual([]);
    expect((await raise(report('村口路灯坏了，白天也不亮'))).likelyDuplicates).toEqual([]);

    const stored = await waitFor(() => read(repeat.id), { description: 'the repeat in the read model' });
    expect(stored.description).toBe(repeatText);
    expect(stored.likelyDuplicates.map((d) => d.caseId)).toEqual([original.id]);
    const originalNow = await read(original.id);
    expect(originalNow?.likelyDuplicates.map((d) => d.caseId)).toEqual([repeat.id]);
    // Both workflows run: the repeat was not refused.
    for (const id of [original.id, repeat.id])
      expect((await stack.temporal.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
  });

  it('never names a duplicate the reader may not see', async () => {
    const resident = { id: 'resident-dengfeng-2', role: 'resident' };
    const secretaryCase = await raise({
      ...report('水管爆了，一直在漏水'),
      reporterIds: ['resident-dengfeng-1'],
    });
    await waitFor(() => read(secretaryCase.id), { description: 'the secretary’s report in the read model' });
    // The resident reports the same thing: they cannot see the secretary's case, so none is named.
    const residents = await raise(
      { ...report('水管爆了 一直在漏水!'), channel: 'onlineGroup', reporterIds: [resident.id] },
      resident,
    );
    expect(residents.likelyDuplicates).toEqual([]);
    // The village secretary sees both, and the resident's case names the earlier one for them.
    const seen = await waitFor(() => read(residents.id, actors.dengfengSecretary), {
      description: 'the resident’s report in the read model',
    });
    expect(seen.likelyDuplicates.map((d) => d.caseId)).toEqual([secretaryCase.id]);
    // The resident's own view of their case never mentions the secretary's case, by any field.
    const residentView = await read(residents.id, resident);
    expect(residentView?.id).toBe(residents.id);
    expect(JSON.stringify(residentView)).not.toContain(secretaryCase.id);
  });

  it('names the earliest few of a flood of one report and counts the rest, in the API and in Open311', async () => {
    const text = '三组垃圾桶满了没人清';
    const flood: string[] = [];
    for (let i = 0; i < likelyDuplicatesNamed + 2; i += 1)
      flood.push((await raise(report(`${text}${'！'.repeat(i)}`))).id);

    const next = await raise(report(text));
    expect(next.likelyDuplicateCount).toBe(flood.length);
    expect(next.likelyDuplicates.map((d) => d.caseId)).toEqual(flood.slice(0, likelyDuplicatesNamed));
    const stored = await waitFor(() => read(next.id), { description: 'the latest report in the read model' });
    expect(stored.likelyDuplicateCount).toBe(flood.length);
    expect(stored.likelyDuplicates).toHaveLength(likelyDuplicatesNamed);

    const open311 = await postJson(`${api.url}/open311/v2/requests.json`, {
      api_key: await as(actors.dengfengSecretary),
      service_code: '道路市容',
      description: text,
      address_id: 'dengfeng',
    });
    expect(open311.status).toBe(201);
    const [created] = open311.body as { service_notice: string }[];
    expect(created?.service_notice).toBe(
      `已受理。可能与 ${flood.length + 1} 件未办结的诉求重复，最早的: ${flood.slice(0, likelyDuplicatesNamed).join(', ')}`,
    );
  });
});
