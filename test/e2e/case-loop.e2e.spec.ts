import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createCaseEventFromDomain } from '@bishan/contracts';
import type { CaseEvent } from '@bishan/domain';
import { createKafka, EventPublisher } from '@bishan/messaging';
import { engineAddresses, startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type TimelineEntry = { seq: number; eventId: string; type: string; at: string; event: CaseEvent };
type Message = { recipient: string; body: string; eventId: string };
type Facts = { escalationCount: number; category: string | null };

/**
 * The loop end to end on the real engines, with the demo policy (a working day lasts 2 s):
 * POST /cases → workflow (id = case id) → triage over HTTP → the claim window's timer fires →
 * unclaimed escalation recorded with its outbox event in one transaction → relay → Kafka →
 * notification and reporting each apply it exactly once → a late claim over HTTP.
 */
describe('a published case nobody claims is escalated, and both consumers hear of it once', () => {
  const engines = engineAddresses();
  let stack: TestStack;
  let services: Record<'api' | 'notification' | 'reporting', ServiceProcess>;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'e2e',
      services: ['case-api', 'case-worker', 'notification', 'reporting'],
      // One signing secret, so notification and reporting verify the case API's tokens.
      env: { CASE_POLICY_VERSION: 'demo-compressed', DEV_AUTH_SECRET: devAuthSecret('e2e') },
    });
    services = { api: stack.service('case-api'), notification: stack.service('notification'), reporting: stack.service('reporting') };
    temporal = stack.temporal;
  });

  afterAll(() => stack?.stop());

  const as = (person: (typeof actors)[keyof typeof actors]) => tokenFor(services.api.url, person);
  /** Every inbox message of the case, whoever it went to: only admin may list across recipients. */
  const caseNotices = async (id: string) =>
    getJson<Message[]>(`${services.notification.url}/notifications?caseId=${id}`, await as(actors.admin));
  const timeline = async (id: string) =>
    getJson<TimelineEntry[]>(`${services.api.url}/cases/${id}/timeline`, await as(actors.admin));

  it('runs the loop, and a redelivered event changes nothing', async () => {
    const raised = await postJson(
      `${services.api.url}/cases`,
      tangledLinesCase(),
      await as(actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ status: 'inLedger', workflowId: raised.body.id });
    const id: string = raised.body.id;
    expect((await temporal.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');

    const triaged = await postJson(
      `${services.api.url}/cases/${id}/actions/triageCase`,
      { route: 'district' },
      await as(actors.laifengTriage),
    );
    expect(triaged.status).toBe(200);
    expect(triaged.body.view).toMatchObject({ status: 'published', policyVersion: 'demo-compressed' });
    const claimWindow = triaged.body.view.deadlines.find((d: { kind: string }) => d.kind === 'claimWindow');

    const escalation = await waitFor(
      async () => (await timeline(id)).find((entry) => entry.type === 'caseEscalated'),
      { description: 'the unclaimed escalation in the timeline', timeoutMs: 60_000 },
    );
    // Dated at the deadline itself: the claim window's due time, exactly.
    expect(escalation.at).toBe(claimWindow.dueAt);
    expect(escalation.event).toMatchObject({ trigger: 'unclaimed', step: 1 });
    const targets = (escalation.event as Extract<CaseEvent, { type: 'caseEscalated' }>).targetIds;
    expect(targets.length).toBeGreaterThan(0);
    expect((await timeline(id)).map((e) => e.seq)).toEqual(
      Array.from({ length: (await timeline(id)).length }, (_, i) => i + 1),
    );

    const readModel = await getJson<{ status: string; escalationLevel: number; description: string }>(
      `${services.api.url}/cases/${id}`,
      await as(actors.admin),
    );
    expect(readModel).toMatchObject({ escalationLevel: 1, description: tangledLinesCase().description });

    const inbox = await waitFor(
      async () => {
        const messages = await caseNotices(id);
        return messages.some((m) => m.eventId === escalation.eventId) ? messages : undefined;
      },
      { description: 'the escalation notice', timeoutMs: 30_000 },
    );
    const notices = inbox.filter((m) => m.eventId === escalation.eventId);
    expect(notices.map((m) => m.recipient).sort()).toEqual([...targets].sort());
    expect(notices[0]!.body).toContain('已升级督办');
    // Anyone else sees their own messages only, needs a token, and may not name another recipient.
    const listing = `${services.notification.url}/notifications?caseId=${id}`;
    const all = await caseNotices(id);
    const target = all.find((m) => m.eventId === escalation.eventId)!.recipient;
    expect((await fetch(listing)).status).toBe(401);
    const own = await getJson<Message[]>(listing, await as(actors.resident));
    expect(own.filter((m) => m.recipient !== actors.resident.id)).toEqual([]);
    expect(own.length).toBeLessThan(all.length);
    const othersRefused = await fetch(`${listing}&recipient=${target}`, { headers: bearer(await as(actors.resident)) });
    expect(othersRefused.status).toBe(403);
    expect(await othersRefused.json()).toMatchObject({ errors: [{ field: 'query.recipient' }] });

    const facts = await waitFor(
      async () => {
        const found = await getJson<Facts | null>(`${services.reporting.url}/reports/cases/${id}`, await as(actors.admin));
        return found && found.escalationCount > 0 ? found : undefined;
      },
      { description: 'the reporting facts of the case', timeoutMs: 30_000 },
    );
    expect(facts).toMatchObject({ escalationCount: 1, category: '线路整治' });
    // The reporting service takes the case API's tokens, but its figures are for officials only.
    const residentKpis = await fetch(`${services.reporting.url}/reports/kpis?from=2026-01-01&to=2027-01-01`, {
      headers: bearer(await as(actors.resident)),
    });
    expect(residentKpis.status).toBe(403);
    expect((await fetch(`${services.reporting.url}/reports/cases/${id}`)).status).toBe(401);

    // Redeliver the same escalation (as after a consumer crash before its offset commit), then a new
    // one on the same key. Same key → same partition → consumed in order: once the second shows up,
    // the duplicate has been seen and must have changed nothing.
    const kafka = createKafka({ brokers: engines.kafkaBrokers.split(','), clientId: `e2e-${stack.runId}` });
    const publisher = new EventPublisher(kafka);
    const duplicate = createCaseEventFromDomain({
      caseId: id,
      eventId: escalation.eventId,
      domainEvent: escalation.event,
    });
    const next = createCaseEventFromDomain({
      caseId: id,
      eventId: `${id}/redelivery-check`,
      domainEvent: { ...escalation.event, step: 2 } as CaseEvent,
    });
    try {
      await publisher.publish(
        [duplicate, next].map((e) => ({ topic: stack.topics.caseEvents, key: e.caseId, value: JSON.stringify(e) })),
      );
    } finally {
      await publisher.disconnect();
    }
    const after = await waitFor(
      async () => {
        const found = await getJson<Facts>(`${services.reporting.url}/reports/cases/${id}`, await as(actors.admin));
        return found.escalationCount >= 2 ? found : undefined;
      },
      { description: 'the second escalation to reach reporting', timeoutMs: 30_000 },
    );
    expect(after.escalationCount).toBe(2);
    const messages = await waitFor(
      async () => {
        const list = await caseNotices(id);
        return list.some((m) => m.eventId === next.eventId) ? list : undefined;
      },
      { description: 'the notice of the second escalation', timeoutMs: 30_000 },
    );
    expect(messages.filter((m) => m.eventId === escalation.eventId)).toHaveLength(targets.length);

    // A late claim by a department whose duty list covers 线路整治.
    const claimed = await postJson(
      `${services.api.url}/cases/${id}/actions/claimCase`,
      {},
      await as(actors.powerHandler),
    );
    expect(claimed.status).toBe(200);
    expect(claimed.body.view).toMatchObject({
      status: 'claimed',
      handler: { level: 'district', unitId: 'power-supply' },
    });
    const claimEntry = await waitFor(async () => (await timeline(id)).find((e) => e.type === 'caseClaimed'), {
      description: 'the claim in the timeline',
    });
    expect(claimEntry.event).toMatchObject({ late: true, leadDepartmentId: 'power-supply' });
  });

  it('refuses bad input and out-of-rule actions with a problem document, changing nothing', async () => {
    const secretary = await as(actors.dengfengSecretary);
    // The actor comes from the token: one named in the body is an unknown field like any other.
    const malformed = await postJson(
      `${services.api.url}/cases`,
      { category: '', description: 'x', unexpected: true, actor: actors.admin },
      secretary,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.category', 'body']),
    );
    expect(malformed.body.detail).toMatch(/Unrecognized key\(s\) in object: .*'actor'/);

    const raised = await postJson(
      `${services.api.url}/cases`,
      { ...tangledLinesCase(), location: { townId: 'laifeng', villageId: 'sanxing' } },
      secretary,
    );
    expect(raised.status).toBe(403);
    expect(raised.body.detail).toMatch(/can raise cases only in village 'dengfeng'/);

    const ok = await postJson(
      `${services.api.url}/cases`,
      { ...tangledLinesCase(), category: '环境卫生' },
      secretary,
    );
    expect(ok.status).toBe(201);
    await waitFor(async () => ((await timeline(ok.body.id)).length > 0 ? true : undefined), {
      description: 'the raised case to be recorded',
    });
    const before = await timeline(ok.body.id);
    // A department cannot see a case that is not yet published: for it the case does not exist.
    const hidden = await postJson(
      `${services.api.url}/cases/${ok.body.id}/actions/claimCase`,
      {},
      await as(actors.powerHandler),
    );
    expect(hidden.status).toBe(404);
    // Its reporter can see it, but it is not awaiting a rating yet.
    const wrongState = await postJson(
      `${services.api.url}/cases/${ok.body.id}/actions/rateCase`,
      { rating: 'satisfied' },
      await as(actors.resident),
    );
    expect(wrongState.status).toBe(409);
    expect(wrongState.contentType).toContain('application/problem+json');
    expect(await timeline(ok.body.id)).toEqual(before);

    const unknown = await postJson(
      `${services.api.url}/cases/${randomUUID()}/actions/claimCase`,
      {},
      await as(actors.umHandler),
    );
    expect(unknown.status).toBe(404);

    expect(await stack.settledWorkflowsOnQueue()).toBe(2);
  });
});
