import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDatabase } from '@bishan/db';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, tangledLinesCase, tokenFor } from './bishan-actors';

type LedgerPage = {
  items: { id: string; category: string; villageId: string; raisedAt: string }[];
  total: number;
  limit: number;
  offset: number;
};

/** Idempotent POSTs, and the ledger with its filters, paging and CSV export, over HTTP on the real stack. */
describe('case API: idempotency and the ledger', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  /** The village secretary raises; the admin reads the whole ledger. */
  let raiser: string;
  let reader: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'api', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
    worker = stack.service('case-worker');
    [raiser, reader] = await Promise.all([
      tokenFor(api.url, actors.dengfengSecretary),
      tokenFor(api.url, actors.admin),
    ]);
  });

  afterAll(() => stack?.stop());

  const post = async (path: string, body: unknown, key?: string, token = raiser) => {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...bearer(token),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as { id?: string; detail?: string },
    };
  };

  const workflowsOnQueue = () => stack.settledWorkflowsOnQueue();

  it('creates one case and one workflow for the same POST sent three times', async () => {
    const before = await workflowsOnQueue();
    const key = `retry-${randomUUID()}`;
    const first = await post('/cases', tangledLinesCase(), key);
    const second = await post('/cases', tangledLinesCase(), key);
    const third = await post('/cases', tangledLinesCase(), key);
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect([first.replayed, second.replayed, third.replayed]).toEqual([null, 'true', 'true']);
    await waitFor(async () => ((await workflowsOnQueue()) === before + 1 ? true : undefined), {
      description: 'exactly one new workflow',
    });
    expect(await workflowsOnQueue()).toBe(before + 1);
  });

  it('lets only one of three concurrent retries act', async () => {
    const before = await workflowsOnQueue();
    const key = `concurrent-${randomUUID()}`;
    const answers = await Promise.all([1, 2, 3].map(() => post('/cases', tangledLinesCase(), key)));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(await workflowsOnQueue()).toBe(before + 1);
  });

  it('refuses a reused key with a different body, and a malformed key', async () => {
    const key = `mismatch-${randomUUID()}`;
    expect((await post('/cases', tangledLinesCase(), key)).status).toBe(201);
    const changed = await post('/cases', { ...tangledLinesCase(), description: '别的问题' }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.detail).toMatch(/already used for a different request body/);
    expect((await post('/cases', tangledLinesCase(), 'has spaces in it')).status).toBe(400);
  });

  it('starts no second run of a closed case when a retry outlives its stored response', async () => {
    const key = `outlived-${randomUUID()}`;
    const body = { ...tangledLinesCase(), resolvedOnSpot: { summary: '当场协调供电所理线' } };
    const first = await post('/cases', body, key);
    expect(first.status).toBe(201);
    const caseId = first.body.id!;
    // Resolved on the spot, the case's workflow has already finished when the retry comes.
    await stack.temporal.workflow.getHandle(caseId).result();
    const firstRun = (await stack.temporal.workflow.getHandle(caseId).describe()).runId;
    // As after an API that died before storing its answer: the key's record is gone.
    const db = await createDatabase(stack.db.url);
    try {
      expect((await db.idempotencyRecord.deleteMany({ where: { key } })).count).toBe(1);
    } finally {
      await db.$disconnect();
    }

    const retry = await post('/cases', body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(caseId);
    const latest = await stack.temporal.workflow.getHandle(caseId).describe();
    expect(latest.runId).toBe(firstRun);
    expect(latest.status.name).toBe('COMPLETED');
  });

  it('pages, filters and exports the ledger', async () => {
    const raised: string[] = [];
    for (const [category, villageId, courtyardId] of [
      ['环境卫生', 'dengfeng', 'dengfeng-yard-02'],
      ['环境卫生', 'sanxing', undefined],
      ['房屋改造', 'dengfeng', undefined],
    ] as const) {
      const body = {
        ...tangledLinesCase(),
        category,
        description: `=HYPERLINK("x") ${category}`,
        location: { townId: 'laifeng', villageId, ...(courtyardId ? { courtyardId } : {}) },
      };
      const token = villageId === 'sanxing' ? await tokenFor(api.url, actors.sanxingSecretary) : raiser;
      const answer = await post('/cases', body, undefined, token);
      expect(answer.status).toBe(201);
      raised.push(answer.body.id!);
    }
    const all = await waitFor(
      async () => {
        const page = await getJson<LedgerPage>(`${api.url}/cases?townId=laifeng&limit=200`, reader);
        return raised.every((id) => page.items.some((item) => item.id === id)) ? page : undefined;
      },
      { description: 'the new cases in the ledger' },
    );

    const sanitation = await getJson<LedgerPage>(
      `${api.url}/cases?category=${encodeURIComponent('环境卫生')}&limit=200`,
      reader,
    );
    expect(sanitation.items.map((i) => i.id).sort()).toEqual([raised[0], raised[1]].sort());
    expect(sanitation.total).toBe(2);
    const inSanxing = await getJson<LedgerPage>(`${api.url}/cases?villageId=sanxing`, reader);
    expect(inSanxing.items.map((i) => i.id)).toEqual([raised[1]]);

    // Two at a time, oldest first: every case exactly once, in order.
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await getJson<LedgerPage>(
        `${api.url}/cases?townId=laifeng&sort=raisedAt&limit=2&offset=${offset}`,
        reader,
      );
      expect(page).toMatchObject({ limit: 2, offset, total: all.total });
      seen.push(...page.items.map((i) => i.id));
    }
    expect(seen).toHaveLength(all.total);
    expect(new Set(seen).size).toBe(all.total);

    const refused = await fetch(`${api.url}/cases?townid=laifeng&escalated=maybe`, {
      headers: bearer(reader),
    });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['query', 'query.escalated']);

    const csv = await fetch(`${api.url}/cases/export.csv?category=${encodeURIComponent('环境卫生')}`, {
      headers: bearer(reader),
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('id,category,description,')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(text).toContain(`"'=HYPERLINK(""x"") 环境卫生"`);
    // Stored exactly as sent; only the export neutralises it.
    const stored = await getJson<{ description: string }>(`${api.url}/cases/${raised[0]}`, reader);
    expect(stored.description).toBe('=HYPERLINK("x") 环境卫生');
  });

  it('filters the ledger to pending extension requests and concentrated issues, as documented', async () => {
    const act = async (id: string, action: string, person: { id: string; role: string }, body: object) => {
      const answer = await post(
        `/cases/${id}/actions/${action}`,
        body,
        undefined,
        await tokenFor(api.url, person),
      );
      expect(answer).toMatchObject({ status: 200 });
    };
    const raise = async () => {
      const answer = await post('/cases', tangledLinesCase());
      expect(answer.status).toBe(201);
      return answer.body.id!;
    };
    const [extended, flagged, plain] = [await raise(), await raise(), await raise()];
    // The power company claims two of them, plans, and asks more time for one.
    for (const id of [extended, plain]) {
      await act(id, 'triageCase', actors.laifengTriage, { route: 'district' });
      await act(id, 'claimCase', actors.powerHandler, {});
      await act(id, 'submitHandlingPlan', actors.powerHandler, {
        plan: '统一规整线路',
        responsibility: { unit: '璧山供电公司运维班', personName: '王强' },
      });
    }
    await act(extended, 'requestExtension', actors.powerHandler, {
      workingDays: 3,
      reason: '需协调通信公司',
    });
    await act(flagged, 'flagConcentrated', actors.admin, { reason: '同类问题集中' });

    const ids = async (query: string) =>
      (await getJson<LedgerPage>(`${api.url}/cases?${query}&limit=200`, reader)).items
        .map((item) => item.id)
        .filter((id) => [extended, flagged, plain].includes(id));
    await waitFor(async () => ((await ids('pendingExtension=true')).includes(extended) ? true : undefined), {
      description: 'the extension request in the ledger',
    });
    await waitFor(async () => ((await ids('concentrated=true')).includes(flagged) ? true : undefined), {
      description: 'the concentrated flag in the ledger',
    });
    expect(await ids('pendingExtension=true')).toEqual([extended]);
    expect(await ids('concentrated=true')).toEqual([flagged]);
    expect((await ids('pendingExtension=false')).sort()).toEqual([flagged, plain].sort());
    expect(await ids('concentrated=true&pendingExtension=true')).toEqual([]);

    // Deciding the request takes the case off the list: the column follows the events.
    await act(extended, 'approveExtension', { id: 'dl-09', role: 'district-leader' }, { reason: '同意延期' });
    await waitFor(async () => ((await ids('pendingExtension=true')).length === 0 ? true : undefined), {
      description: 'the approved request to leave the list',
    });

    // A request still open when the case moves on is withdrawn: reporting the result takes it off
    // the list too, and the timeline says it was withdrawn.
    await act(plain, 'requestExtension', actors.powerHandler, { workingDays: 2, reason: '等待材料' });
    await waitFor(async () => ((await ids('pendingExtension=true')).includes(plain) ? true : undefined), {
      description: 'the second request in the ledger',
    });
    await act(plain, 'reportResult', actors.powerHandler, { summary: '线路已规整' });
    await waitFor(async () => ((await ids('pendingExtension=true')).length === 0 ? true : undefined), {
      description: 'the withdrawn request to leave the list',
    });
    const plainTimeline = await getJson<{ type: string }[]>(`${api.url}/cases/${plain}/timeline`, reader);
    expect(plainTimeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['resultReported', 'requestsWithdrawn']),
    );

    const refused = await fetch(`${api.url}/cases?pendingExtension=yes`, { headers: bearer(reader) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'query.pendingExtension',
    ]);
    const openApi = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        { get?: { parameters?: { name: string; in: string; schema: { enum?: string[] } }[] } }
      >;
    };
    const parameters = openApi.paths['/cases']?.get?.parameters ?? [];
    for (const name of ['pendingExtension', 'concentrated'])
      expect(parameters).toContainEqual(
        expect.objectContaining({
          name,
          in: 'query',
          schema: expect.objectContaining({ enum: ['true', 'false'] }),
        }),
      );
  });

  it('echoes request ids and serves Prometheus metrics', async () => {
    const traced = await fetch(`${api.url}/cases?limit=1`, {
      headers: { 'x-request-id': `trace-${stack.runId}`, ...bearer(reader) },
    });
    expect(traced.headers.get('x-request-id')).toBe(`trace-${stack.runId}`);
    const minted = await fetch(`${api.url}/cases?limit=1`, { headers: bearer(reader) });
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const apiMetrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(apiMetrics).toMatch(
      /bishan_http_request_duration_seconds_count\{[^}]*route="\/cases"[^}]*status="200"[^}]*\} [1-9]/,
    );
    expect(apiMetrics).toMatch(/bishan_workflow_starts_total\{service="case-api"\} [1-9]/);
    // Load shedding (HTTP_MAX_REQUESTS_IN_FLIGHT): the scrape itself is never counted, and this suite never sheds.
    expect(apiMetrics).toMatch(/bishan_http_requests_in_flight\{service="case-api"\} \d+/);
    expect(apiMetrics).toMatch(/bishan_http_requests_shed_total\{service="case-api"\} 0/);
    const workerMetrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(workerMetrics).toMatch(/bishan_outbox_backlog\{service="case-worker"\} \d+/);
    // Started as `npm start` starts it, with its node flags (infra/service-node-flags.json).
    const workerArgs = readFileSync(`/proc/${worker.pid}/cmdline`, 'utf8').split('\0');
    expect(workerArgs).toEqual(expect.arrayContaining(['--max-semi-space-size=16']));
  });

  it('answers bad input with a problem document, storing and starting nothing', async () => {
    // Counted once every case the earlier tests started is in the ledger (each workflow here is a case).
    const before = await waitFor(
      async () => {
        const workflows = await workflowsOnQueue();
        const cases = (await getJson<LedgerPage>(`${api.url}/cases?limit=1`, reader)).total;
        return cases === workflows ? { cases, workflows } : undefined;
      },
      { description: 'the ledger holding every case started so far' },
    );
    const send = async (
      body: string | Buffer,
      headers: Record<string, string> = { 'content-type': 'application/json' },
    ) => {
      const response = await fetch(`${api.url}/cases`, {
        method: 'POST',
        headers: { ...headers, ...bearer(raiser) },
        body,
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        problem: (await response.json()) as { detail?: string; errors?: { field: string }[] },
      };
    };
    const valid = tangledLinesCase();
    const cases: [string, Awaited<ReturnType<typeof send>>, number, RegExp | string][] = [
      ['malformed JSON', await send('{"category": '), 400, /not valid JSON/],
      [
        'invalid UTF-8',
        await send(
          Buffer.concat([Buffer.from('{"category":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
        ),
        400,
        /not valid UTF-8/,
      ],
      ['an empty body', await send(''), 400, /empty/],
      ['a wrong type', await send(JSON.stringify({ ...valid, reporterIds: 'r-1' })), 400, 'body.reporterIds'],
      [
        'an unknown field',
        await send(JSON.stringify({ ...valid, priority: 'high' })),
        400,
        /Unrecognized key.*priority/,
      ],
      // The actor is the token's; naming one in the body is refused, not ignored.
      [
        'an actor in the body',
        await send(JSON.stringify({ ...valid, actor: actors.admin })),
        400,
        /Unrecognized key.*actor/,
      ],
      [
        'an over-long description',
        await send(JSON.stringify({ ...valid, description: '长'.repeat(4001) })),
        400,
        'body.description',
      ],
      [
        'an oversized body',
        await send(JSON.stringify({ ...valid, attachmentRefs: ['x'.repeat(1_100_000)] })),
        413,
        /too large/i,
      ],
      ['a prototype-poisoning key', await send('{"__proto__":{"admin":true}}'), 400, /not valid JSON/],
      [
        'a non-JSON content type',
        await send('category=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        /form bodies are accepted on the Open311 routes only; send JSON/,
      ],
    ];
    for (const [what, answer, status, expected] of cases) {
      expect({ what, status: answer.status }).toEqual({ what, status });
      expect({ what, type: answer.type }).toEqual({
        what,
        type: expect.stringContaining('application/problem+json'),
      });
      const text =
        typeof expected === 'string'
          ? (answer.problem.errors ?? []).map((e) => e.field).join(' ')
          : (answer.problem.detail ?? '');
      expect({ what, text }).toEqual({
        what,
        text:
          typeof expected === 'string' ? expect.stringContaining(expected) : expect.stringMatching(expected),
      });
    }

    // Injection strings are data: stored and returned exactly as sent, never interpreted.
    const injection = `'); DROP TABLE "Case"; -- <script>alert(1)</script> \${7*7} 😀`;
    const stored = await post('/cases', { ...valid, description: injection });
    expect(stored.status).toBe(201);
    const found = await waitFor(
      async () => {
        const response = await fetch(`${api.url}/cases/${stored.body.id}`, { headers: bearer(reader) });
        return response.ok ? ((await response.json()) as { description: string }) : undefined;
      },
      { description: 'the case with the injection text' },
    );
    expect(found.description).toBe(injection);

    expect((await getJson<LedgerPage>(`${api.url}/cases?limit=1`, reader)).total).toBe(before.cases + 1);
    expect(await workflowsOnQueue()).toBe(before.workflows + 1);
  });
});
