import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { caseEventsV1, createCaseEvent } from '@bishan/contracts';
import { publicReference } from '@bishan/domain';
import { createKafka, EventPublisher } from '@bishan/messaging';
import { engineAddresses, freePort, startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { openStream } from './event-stream';
import { messageKinds, templateChannels } from '../../services/notification/src/templates/message-kinds';

// ---- receivers the suite starts on loopback -------------------------------------------------

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** Enough MIME for the single-part text mail the service sends. */
function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const body = rest.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { to, subject: decodeWords(header('Subject')), text: text.trim() };
}

/**
 * A real SMTP server that refuses the first RCPT TO of the addresses in `refuseOnce` (451, try
 * later), refuses `unreachable` always (550), and accepts everything else.
 */
async function startSmtp(refuseOnce: Set<string>, unreachable: string) {
  const mails: ReceivedMail[] = [];
  const refusals: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === unreachable) {
        refusals.push(address.address);
        return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      }
      if (refuseOnce.delete(address.address)) {
        refusals.push(address.address);
        const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    mails,
    refusals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A group robot: records every JSON post and answers as WeCom does. */
async function startRobot() {
  const posts: { path: string; json: { msgtype: string; markdown: { content: string } } }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      posts.push({ path: request.url ?? '', json: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** An instant as the messages print it: Beijing time to the minute. */
const beijingMinute = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Beijing wall-clock "HH:MM" of an instant. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);

// ---- the suite ---------------------------------------------------------------------------------

type Delivery = {
  id: string;
  messageId: string | null;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deferred: boolean;
  subject: string;
  body: string;
};

describe('notification channels on the real broker, a real SMTP server and a webhook receiver', () => {
  const engines = engineAddresses();
  const handler: Person = actors.powerHandler; // reminded of the claim window, no preferences
  const quietLeader: Person = { id: 'power-supply-leader-1', role: 'department-leader' }; // reminded too, in quiet hours
  const escalationLeader: Person = { id: 'dl-09', role: 'district-leader' }; // supervises 线路整治, in quiet hours
  let stack: TestStack;
  let api: string;
  let notification: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let robot: Awaited<ReturnType<typeof startRobot>>;
  let stream: ReturnType<typeof openStream>;
  let caseId: string;
  /** How messages name the case: its village and the reference residents see, never its full id. */
  const caseRef = () => `登凤村-${publicReference(caseId)}`;
  // A reminded person whose stored address the mail server never accepts.
  const unreachablePerson: Person = { id: 'power-supply-handler-2', role: 'department-handler' };
  const unreachable = 'nobody-here@bishan.example';
  let claimDueAt: string;

  const as = (person: Person) => tokenFor(api, person);
  const deliveries = async (query: string) =>
    getJson<Delivery[]>(`${notification}/admin/notification-deliveries?${query}`, await as(actors.admin));

  beforeAll(async () => {
    smtp = await startSmtp(new Set([`${handler.id}@bishan.example`]), unreachable);
    robot = await startRobot();
    stack = await startTestStack({
      label: 'notify',
      services: ['case-api', 'case-worker', 'notification'],
      env: {
        CASE_POLICY_VERSION: 'demo-compressed',
        // The notification service verifies the case API's development tokens with the same secret.
        DEV_AUTH_SECRET: `notification-e2e-${Date.now()}-0123456789abcdef`,
        NOTIFY_SMTP_HOST: '127.0.0.1',
        NOTIFY_SMTP_PORT: String(smtp.port),
        NOTIFY_SMTP_FROM: 'notify@bishan.example',
        NOTIFY_DELIVERY_BACKOFF_MS: '500',
        NOTIFY_DELIVERY_MAX_ATTEMPTS: '3',
        NOTIFY_DISPATCH_INTERVAL_MS: '100',
        // The test's robot listens on loopback over http: allowed by this switch only.
        NOTIFY_WEBHOOK_ALLOW_LOOPBACK: 'true',
      },
    });
    api = stack.service('case-api').url;
    notification = stack.service('notification').url;

    // The town's group robot, and quiet hours around now for two of the people concerned.
    const hook = await fetch(`${notification}/admin/notification-webhooks/town/laifeng`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(await as(actors.admin)) },
      body: JSON.stringify({ url: `${robot.url}/cgi-bin/webhook/send?key=laifeng`, style: 'wecom' }),
    });
    expect(hook.status).toBe(200);
    // Only https to an allowed robot host (or, with the switch, loopback): never another host.
    for (const url of [
      'https://evil.example/hook',
      'http://qyapi.weixin.qq.com/cgi-bin/webhook/send',
      'https://10.0.0.7/hook',
    ]) {
      const refused = await fetch(`${notification}/admin/notification-webhooks/department/power-supply`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(await as(actors.admin)) },
        body: JSON.stringify({ url, style: 'wecom' }),
      });
      expect({ url, status: refused.status }).toEqual({ url, status: 422 });
    }
    const quietHours = { start: beijing(Date.now() - 3600_000), end: beijing(Date.now() + 3600_000) };
    for (const person of [quietLeader, escalationLeader]) {
      const saved = await fetch(`${notification}/notifications/me/preferences`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(await as(person)) },
        body: JSON.stringify({ channels: ['email'], quietHours }),
      });
      expect(saved.status).toBe(200);
    }

    const unreachableSaved = await fetch(`${notification}/notifications/me/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(await as(unreachablePerson)) },
      body: JSON.stringify({ channels: ['email'], email: unreachable }),
    });
    expect(unreachableSaved.status).toBe(200);

    const ticket = await postJson(`${notification}/notifications/stream-tickets`, {}, await as(handler));
    expect(ticket.status).toBe(201);
    stream = openStream(`${notification}/notifications/stream?ticket=${ticket.body.ticket}`);
    await stream.opened;

    const raised = await postJson(`${api}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    const triaged = await postJson(
      `${api}/cases/${caseId}/actions/triageCase`,
      { route: 'district' },
      await as(actors.laifengTriage),
    );
    expect(triaged.status).toBe(200);
    claimDueAt = triaged.body.view.deadlines.find((d: { kind: string }) => d.kind === 'claimWindow').dueAt;
  }, 180_000);

  afterAll(async () => {
    stream?.close();
    await stack?.stop();
    await smtp?.close();
    await robot?.close();
  });

  it('emails the reminder to the reminded person, in Chinese, once, after the server first refused it', async () => {
    const address = `${handler.id}@bishan.example`;
    const mail = await waitFor(
      async () =>
        smtp.mails.find(
          (m) => m.to.includes(address) && m.subject.includes(caseRef()) && m.text.includes('50%'),
        ),
      { description: 'the 50 % reminder email', timeoutMs: 90_000 },
    );
    expect(mail.subject).toBe(`办理提醒:诉求 ${caseRef()}`);
    expect(mail.text).toBe(
      `提醒:诉求 ${caseRef()} 的认领时限将于 ${beijingMinute(claimDueAt)} 到期(已过 50%)。`,
    );
    expect(`${mail.subject} ${mail.text}`).not.toContain(caseId);

    // The server refused the first RCPT to this address with 451: that delivery was tried again,
    // went through, and its email arrived exactly once.
    expect(smtp.refusals.filter((refused) => refused !== unreachable)).toEqual([address]);
    const retried = await waitFor(
      async () =>
        (await deliveries(`caseId=${caseId}&status=delivered`)).find(
          (d) => d.channel === 'email' && d.target === address && d.attempts === 2,
        ),
      { description: 'the retried delivery', timeoutMs: 30_000 },
    );
    expect(retried.lastError).toBeNull();
    expect(smtp.mails.filter((m) => m.to.includes(address) && m.text === retried.body)).toHaveLength(1);
  });

  it('pushes the reminder live over Server-Sent Events', async () => {
    const pushed = await waitFor(
      async () =>
        stream.events.find((e) => e.event === 'notification' && JSON.parse(e.data).caseId === caseId),
      { description: 'the reminder on the stream', timeoutMs: 60_000 },
    );
    expect(JSON.parse(pushed.data)).toMatchObject({ recipient: handler.id, kind: 'reminder', readAt: null });
  });

  it('posts the escalation to the town group robot and emails the leader despite quiet hours', async () => {
    const post = await waitFor(
      async () => robot.posts.find((p) => p.json.markdown.content.includes(caseRef())),
      {
        description: 'the escalation post',
        timeoutMs: 90_000,
      },
    );
    expect(post.path).toBe('/cgi-bin/webhook/send?key=laifeng');
    expect(post.json).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: `### 升级督办:诉求 ${caseRef()}(第 1 级)\n诉求 ${caseRef()} 已升级督办(第 1 级,认领期满无人认领),请及时调度。`,
      },
    });
    const leaderMail = await waitFor(
      async () =>
        smtp.mails.find(
          (m) => m.to.includes(`${escalationLeader.id}@bishan.example`) && m.subject.includes(caseRef()),
        ),
      { description: 'the escalation email to the leader in quiet hours', timeoutMs: 30_000 },
    );
    expect(leaderMail.subject).toBe(`升级督办:诉求 ${caseRef()}(第 1 级)`);
  });

  it("holds back a non-urgent reminder during the person's quiet hours", async () => {
    const held = await waitFor(
      async () =>
        (await deliveries(`caseId=${caseId}&status=pending`)).find(
          (d) => d.target === `${quietLeader.id}@bishan.example`,
        ),
      { description: 'the deferred reminder delivery', timeoutMs: 30_000 },
    );
    expect(held).toMatchObject({ deferred: true, attempts: 0, channel: 'email' });
    expect(smtp.mails.filter((m) => m.to.includes(`${quietLeader.id}@bishan.example`))).toEqual([]);
    // The inbox still has it: quiet hours hold back the outbound channels only.
    const inbox = await getJson<{ items: { caseId: string; kind: string }[]; unread: number }>(
      `${notification}/notifications/me?unread=true`,
      await as(quietLeader),
    );
    expect(inbox.items.some((m) => m.caseId === caseId && m.kind === 'reminder')).toBe(true);
  });

  it("keeps each person's preferences, refusing SMS without a phone number and naming the field", async () => {
    const mine = await getJson<{ channels: string[]; quietHours: { start: string; end: string } | null }>(
      `${notification}/notifications/me/preferences`,
      await as(quietLeader),
    );
    expect(mine.channels).toEqual(['email']);
    expect(mine.quietHours).not.toBeNull();

    const token = await as(handler);
    const put = (body: unknown) =>
      fetch(`${notification}/notifications/me/preferences`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      });
    for (const [body, field] of [
      [{ channels: ['sms'] }, 'body.phone'],
      [{ channels: ['email'], quietHours: { start: '22:00', end: '7:00' } }, 'body.quietHours.end'],
    ] as const) {
      const refused = await put(body);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
        field,
      ]);
    }
    // Bad input changed nothing: the defaults still hold.
    expect(await getJson(`${notification}/notifications/me/preferences`, token)).toEqual({
      personId: handler.id,
      channels: ['email'],
      email: null,
      phone: null,
      quietHours: null,
    });
  });

  it('pages the inbox, filters unread, and marks read only the caller’s own messages', async () => {
    const token = await as(handler);
    const unread = await getJson<{
      items: { id: string; recipient: string }[];
      unread: number;
      total: number;
    }>(`${notification}/notifications/me?unread=true&pageSize=1`, token);
    expect(unread.items).toHaveLength(1);
    expect(unread.items[0]?.recipient).toBe(handler.id);
    expect(unread.total).toBe(unread.unread);
    const id = unread.items[0]?.id as string;
    const someoneElses = (
      await getJson<{ items: { id: string }[] }>(`${notification}/notifications/me`, await as(quietLeader))
    ).items[0]?.id;
    const marked = await postJson(
      `${notification}/notifications/me/read`,
      { ids: [id, someoneElses] },
      token,
    );
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ marked: 1, unread: unread.unread - 1 });
    const noToken = await fetch(`${notification}/notifications/me`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toContain('application/problem+json');
  });

  it('edits a template without code, refusing unknown placeholders with a problem naming the field', async () => {
    const admin = await as(actors.admin);
    const put = (body: unknown, token = admin) =>
      fetch(`${notification}/admin/notification-templates/ratingRequested/sms`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      });
    const refused = await put({ subject: '评价', body: '请评价 {{caseId}},联系人 {{officer}}' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      errors: [{ field: 'body.body', message: expect.stringContaining('{{officer}}') }],
    });
    expect((await put({ subject: '评价', body: '请评价 {{caseId}}' }, await as(handler))).status).toBe(403);
    const saved = await put({
      subject: '评价',
      body: '【璧山】请在 {{ratingDueAt}} 前评价诉求 {{caseId}}。',
    });
    expect(saved.status).toBe(200);
    const list = await getJson<{ kind: string; channel: string; body: string; updatedBy: string }[]>(
      `${notification}/admin/notification-templates`,
      admin,
    );
    expect(list.find((t) => t.kind === 'ratingRequested' && t.channel === 'sms')).toMatchObject({
      body: '【璧山】请在 {{ratingDueAt}} 前评价诉求 {{caseId}}。',
      updatedBy: 'admin',
    });
    // Every message kind has its template on every channel.
    expect(list).toHaveLength(messageKinds.length * templateChannels.length);
  });

  it('parks a delivery the mail server keeps refusing on the dead-letter topic, and re-arms it on replay', async () => {
    const admin = await as(actors.admin);
    type Letter = { id: string; reason: string | null; headers: Record<string, string> };
    const deadOnes = async () =>
      (await getJson<Letter[]>(`${notification}/admin/dead-letters`, admin)).filter((l) =>
        l.headers['notification-delivery-id']?.includes(unreachablePerson.id),
      );
    const [letter] = await waitFor(async () => ((await deadOnes()).length > 0 ? deadOnes() : undefined), {
      description: 'the dead-lettered delivery',
      timeoutMs: 60_000,
    });
    expect(letter!.reason).toMatch(/^delivery failed 3 times: .*550/);
    const deliveryId = letter!.headers['notification-delivery-id']!;
    const dead = (await deliveries(`caseId=${caseId}&status=dead`)).find((d) => d.id === deliveryId);
    expect(dead).toMatchObject({ attempts: 3, target: unreachable });

    const replay = await postJson(`${notification}/admin/dead-letters/replay`, { ids: [letter!.id] }, admin);
    expect(replay.body).toEqual({ replayed: [], rearmed: [letter!.id], unknown: [] });
    // Re-armed, tried three more times, refused each time, and parked again: the event was not applied again.
    await waitFor(
      async () =>
        (await deadOnes()).filter((l) => l.headers['notification-delivery-id'] === deliveryId).length >= 2 ||
        undefined,
      { description: 'the delivery parked a second time', timeoutMs: 60_000 },
    );
    expect(smtp.refusals.filter((address) => address === unreachable).length).toBeGreaterThanOrEqual(6);
  });

  it('lists dead letters with their reason and replays one, then all', async () => {
    const admin = await as(actors.admin);
    const kafka = createKafka({
      brokers: engines.kafkaBrokers.split(','),
      clientId: `notify-e2e-${stack.runId}`,
    });
    const publisher = new EventPublisher(kafka);
    const parked = createCaseEvent(caseEventsV1.reminderSent, {
      eventId: `${caseId}/parked-reminder`,
      caseId,
      occurredAt: new Date().toISOString(),
      payload: {
        at: new Date().toISOString(),
        actor: { id: 'system', role: 'system' },
        deadlineId: 'parked',
        forDeadlineId: 'parked-for',
        forKind: 'handling',
        fraction: 0.8,
        forDueAt: new Date(Date.now() + 86_400_000).toISOString(),
        notify: [handler.id],
      },
    });
    try {
      // One the consumer parks itself (not JSON), one parked as if by an earlier failure.
      await publisher.publish([
        { topic: stack.topics.caseEvents, key: caseId, value: 'not json at all' },
        {
          topic: stack.topics.caseEventsDeadLetter,
          key: caseId,
          value: JSON.stringify(parked),
          headers: { 'dead-letter-reason': 'handler failed 5 times: database locked' },
        },
      ]);
    } finally {
      await publisher.disconnect();
    }
    type Letter = { id: string; reason: string | null; value: string };
    const letters = await waitFor(
      async () => {
        const list = await getJson<Letter[]>(`${notification}/admin/dead-letters`, admin);
        return list.length >= 2 && list.some((l) => l.reason === 'message is not JSON') ? list : undefined;
      },
      { description: 'both dead letters', timeoutMs: 60_000 },
    );
    const parkedLetter = letters.find((l) => l.value.includes('parked-reminder')) as Letter;
    expect(parkedLetter.reason).toBe('handler failed 5 times: database locked');

    const unknown = await postJson(`${notification}/admin/dead-letters/replay`, { ids: ['99:99999'] }, admin);
    expect(unknown.status).toBe(404);

    const one = await postJson(
      `${notification}/admin/dead-letters/replay`,
      { ids: [parkedLetter.id] },
      admin,
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ replayed: [parkedLetter.id], rearmed: [] });
    await waitFor(
      async () => {
        const inbox = await getJson<{ items: { eventId: string }[] }>(
          `${notification}/notifications/me?pageSize=200`,
          await as(handler),
        );
        return inbox.items.some((m) => m.eventId === parked.eventId) || undefined;
      },
      { description: 'the replayed reminder in the inbox', timeoutMs: 30_000 },
    );

    const all = await postJson(`${notification}/admin/dead-letters/replay`, {}, admin);
    expect(all.status).toBe(200);
    expect(all.body.replayed.length).toBeGreaterThanOrEqual(2);
    // The poison message comes back to the dead-letter topic; the reminder is a duplicate now and changes nothing.
    await waitFor(
      async () => {
        const list = await getJson<Letter[]>(`${notification}/admin/dead-letters`, admin);
        return list.filter((l) => l.reason === 'message is not JSON').length >= 2 || undefined;
      },
      { description: 'the poison message parked again', timeoutMs: 60_000 },
    );
    const inbox = await getJson<{ items: { eventId: string }[] }>(
      `${notification}/notifications/me?pageSize=200`,
      await as(handler),
    );
    expect(inbox.items.filter((m) => m.eventId === parked.eventId)).toHaveLength(1);
  });
});
