import { readFileSync } from 'node:fs';
import { startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';

/**
 * A session through every service (raise, triage, a reminder delivered by SMS, the event stream, an
 * Open311 call with api_key), then every line every service logged: no token, no api_key value, no
 * phone number and no ID-card number may appear in any of them.
 */
describe('logs carry no secret and no personal number', () => {
  let stack: TestStack;
  let api: string;
  let notification: string;
  const phone = '13912345678';
  const idCard = '500227199001011234';
  const reminded: Person = actors.powerHandler;
  const used = new Set<string>();

  const as = async (person: Person) => {
    const token = await tokenFor(api, person);
    used.add(token);
    return token;
  };

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'logs',
      services: ['case-api', 'case-worker', 'notification', 'reporting'],
      env: {
        CASE_POLICY_VERSION: 'demo-compressed',
        DEV_AUTH_SECRET: `log-redaction-e2e-${Date.now()}-0123456789abcdef`,
        NOTIFY_DISPATCH_INTERVAL_MS: '100',
        LOG_LEVEL: 'debug',
      },
    });
    api = stack.service('case-api').url;
    notification = stack.service('notification').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  it('masks them in every service’s log after a session that uses them all', async () => {
    // The reminded handler wants text messages at a mobile number.
    const saved = await fetch(`${notification}/notifications/me/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(await as(reminded)) },
      body: JSON.stringify({ channels: ['sms'], phone }),
    });
    expect(saved.status).toBe(200);

    // The event stream, as the console opens it: with a one-use ticket where the service issues
    // them, otherwise with the access token in the query (EventSource sends no headers).
    const handlerToken = await as(reminded);
    const ticket = await postJson(`${notification}/notifications/stream-tickets`, {}, handlerToken);
    const streamUrl =
      ticket.status === 201
        ? `${notification}/notifications/stream?ticket=${ticket.body.ticket as string}`
        : `${notification}/notifications/stream?access_token=${handlerToken}`;
    if (ticket.status === 201) used.add(ticket.body.ticket as string);
    const stream = new AbortController();
    const opened = await fetch(streamUrl, { signal: stream.signal, headers: { accept: 'text/event-stream' } });
    expect(opened.status).toBe(200);

    const raised = await postJson(
      `${api}/cases`,
      { ...tangledLinesCase(), description: `线路杂乱, 联系人身份证 ${idCard}, 电话 ${phone}` },
      await as(actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    const caseId = raised.body.id as string;
    const triaged = await postJson(`${api}/cases/${caseId}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
    expect(triaged.status).toBe(200);

    // Open311 with the token as api_key, in the query and in the body.
    const residentToken = await as(actors.resident);
    await fetch(`${api}/open311/v2/requests.json?api_key=${residentToken}&status=open`);
    await fetch(`${api}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: residentToken, service_code: '线路整治', description: `电话 ${phone}`, address_id: 'dengfeng' }),
    });
    // A failing request with a token in its query (404, and a 5xx path logs the URL too).
    await fetch(`${api}/cases/${caseId}/nothing-here?access_token=${residentToken}`);
    await fetch(`${notification}/notifications/stream?access_token=${residentToken}&phone=${phone}`);

    // The claim-window reminder goes out as a text message (the logging provider "sends" it).
    await waitFor(
      async () => {
        const sent = await getJson<{ channel: string; status: string }[]>(
          `${notification}/admin/notification-deliveries?caseId=${caseId}&status=delivered`,
          await as(actors.admin),
        );
        return sent.find((d) => d.channel === 'sms');
      },
      { description: 'the reminder delivered by SMS', timeoutMs: 90_000 },
    );
    stream.abort();

    const logs = (['case-api', 'case-worker', 'notification', 'reporting'] as const).flatMap((name) =>
      stack.instances(name).map((instance) => ({ name, text: readFileSync(instance.logFile, 'utf8') })),
    );
    for (const { name, text } of logs) {
      expect(text.length).toBeGreaterThan(0);
      for (const secret of [...used, phone, idCard]) {
        const at = text.indexOf(secret);
        expect({ service: name, leaked: at < 0 ? null : text.slice(Math.max(0, at - 200), at + 40) }).toEqual({ service: name, leaked: null });
      }
      // Structured lines from the one logger, naming their service.
      const lines = text.split('\n').filter((line) => line.startsWith('{'));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => (JSON.parse(line) as { service?: string }).service === name)).toBe(true);
    }
    const caseApi = logs.find((l) => l.name === 'case-api')?.text ?? '';
    expect(caseApi).toContain('api_key=[redacted]');
    expect(logs.find((l) => l.name === 'notification')?.text).toContain('139******78');
  });
});
