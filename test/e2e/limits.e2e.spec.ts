import { startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

/**
 * The limits meant for people, set low for this stack: writes per person and per address, the
 * resident's daily raise quota, the size of an export. Over each: 429 (or 422 for an export) as
 * problem+json, with Retry-After where waiting helps.
 */
describe('limits', () => {
  let stack: TestStack;
  let api: string;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'limits',
      services: ['case-api', 'case-worker'],
      env: {
        RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE: '6',
        RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE: '40',
        RAISE_QUOTA_PER_RESIDENT_PER_DAY: '2',
        EXPORT_MAX_ROWS: '2',
      },
    });
    api = stack.service('case-api').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  const expectTooMany = (answer: { status: number; contentType: string | null; body: { type?: string } }) => {
    expect(answer.status).toBe(429);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.type).toBe('https://bishan.example/problems/too-many-requests');
  };

  it("keeps a resident to the day's raise quota: 429 with Retry-After, and nothing started", async () => {
    const resident = await tokenFor(api, actors.resident);
    const online = { ...tangledLinesCase(), channel: 'onlineGroup' };
    for (let i = 0; i < 2; i += 1) expect((await postJson(`${api}/cases`, online, resident)).status).toBe(201);
    // The quota counts recorded raises (every instance sees them): wait until both are recorded.
    await waitFor(
      async () => ((await getJson<{ total: number }>(`${api}/cases?limit=1`, resident)).total === 2 ? true : undefined),
      { description: "the resident's two raises recorded" },
    );
    const before = await stack.settledWorkflowsOnQueue();
    const response = await fetch(`${api}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(resident) },
      body: JSON.stringify(online),
    });
    expectTooMany({ status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as { type?: string } });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(await stack.settledWorkflowsOnQueue()).toBe(before);
  });

  it('limits the writes of one person a minute: 429 with Retry-After, other people unaffected', async () => {
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    // Sent together, so that they fall in one minute's window.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${api}/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(secretary) },
          body: JSON.stringify(tangledLinesCase()),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another person is not affected.
    expect((await postJson(`${api}/cases`, tangledLinesCase(), await tokenFor(api, actors.admin))).status).toBe(201);
    // Reads are not counted.
    expect((await fetch(`${api}/cases?limit=1`, { headers: bearer(secretary) })).status).toBe(200);
  });

  it('refuses an export larger than EXPORT_MAX_ROWS before writing a byte, and streams one within it', async () => {
    const admin = await tokenFor(api, actors.admin);
    await waitFor(async () => ((await getJson<{ total: number }>(`${api}/cases?limit=1`, admin)).total > 2 ? true : undefined), {
      description: 'more than two cases recorded',
    });
    const all = await fetch(`${api}/cases/export.csv`, { headers: bearer(admin) });
    expect(all.status).toBe(422);
    expect(all.headers.get('content-type')).toContain('application/problem+json');
    expect(((await all.json()) as { detail: string }).detail).toMatch(/more than 2/);
    // Within the limit (a resident who reported nothing): the workbook streams as usual.
    const other = await tokenFor(api, { id: 'resident-dengfeng-2', role: 'resident' });
    const own = await fetch(`${api}/cases/export.xlsx`, { headers: bearer(other) });
    expect(own.status).toBe(200);
    expect((await own.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('limits the writes of one address, signed or not (the last test: the address stays limited for the minute)', async () => {
    const answers = await Promise.all(Array.from({ length: 45 }, () => postJson(`${api}/auth/dev-login`, { userId: 'admin' })));
    const answer = answers.find((a) => a.status === 429) ?? answers[0]!;
    expectTooMany(answer);
  });
});
