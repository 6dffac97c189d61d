import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { TOKEN_VERIFIER, TokenVerifier } from '@bishan/auth';
import { createDatabase, type Database } from '@bishan/db';
import { DATABASE, ProblemDetailsFilter } from '@bishan/service-runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@bishan/testing';
import { StreamTicketGuard } from '../http/stream-ticket.guard';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { InboxController } from './inbox.controller';
import { NotificationMessagesRepository } from './notification-messages.repository';
import { InboxStream } from './inbox-stream';
import { StreamSlots } from './stream-slots';
import { StreamTickets } from './stream-tickets';

const config = { mode: 'development', issuer: 'bishan-dev-login', audience: 'bishan-case-api' } as const;
const secret = new TextEncoder().encode('the stream suite secret, 32 bytes or more');
const handler = 'power-supply-handler-1';

const tokenFor = (lifetimeSeconds: number) =>
  new SignJWT({ role: 'department-handler', departmentId: 'power-supply' })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(handler)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
    .sign(secret);

describe('the inbox event stream opens with a one-use ticket, never a token in the URL', () => {
  let testDb: TestDatabase;
  let db: Database;
  let app: NestFastifyApplication;
  let base: string;
  let inbox: InboxStream;

  beforeAll(async () => {
    testDb = await createTestDatabase('stream-tickets');
    db = await createDatabase(testDb.url);
    @Module({
      controllers: [InboxController],
      providers: [
        InboxStream,
        NotificationMessagesRepository,
        { provide: DATABASE, useValue: db },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(config, secret) },
        { provide: StreamTickets, useValue: new StreamTickets(db) },
        StreamTicketGuard,
        TokenAuthGuard,
        { provide: StreamSlots, useValue: new StreamSlots(2) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    })
    class StreamModule {}
    app = await NestFactory.create<NestFastifyApplication>(StreamModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    inbox = app.get(InboxStream);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.$disconnect();
    testDb?.remove();
  });

  const ticketWith = async (token: string) => {
    const answer = await fetch(`${base}/notifications/stream-tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(201);
    return (await answer.json()) as { ticket: string; expiresAt: string };
  };

  /** Opens the stream and collects what it says until it ends (or the test aborts it). */
  const streams: AbortController[] = [];
  // A failed expectation must not leave a stream open: the server would wait for it on close.
  afterEach(() => {
    for (const controller of streams.splice(0)) controller.abort();
  });

  const open = async (query: string) => {
    const controller = new AbortController();
    streams.push(controller);
    const response = await fetch(`${base}/notifications/stream${query}`, { signal: controller.signal });
    const received: string[] = [];
    let ended = false;
    if (response.ok && response.body) {
      void (async () => {
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) received.push(Buffer.from(chunk).toString());
          ended = true;
        } catch {
          // aborted by the test
        }
      })();
    }
    return { status: response.status, received, ended: () => ended, close: () => controller.abort() };
  };

  it('refuses the access token in the query string, and a stream without a ticket', async () => {
    const token = await tokenFor(600);
    const withToken = await fetch(`${base}/notifications/stream?access_token=${token}`);
    expect(withToken.status).toBe(400);
    expect(await withToken.json()).toMatchObject({ type: 'https://bishan.example/problems/token-in-url' });
    expect((await fetch(`${base}/notifications/me?access_token=${token}`)).status).toBe(400);
    // Not even with the token in the header: the stream takes tickets only.
    expect((await fetch(`${base}/notifications/stream`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${base}/notifications/stream?ticket=made-up`)).status).toBe(401);
    expect((await fetch(`${base}/notifications/stream-tickets`, { method: 'POST' })).status).toBe(401);
  });

  it("streams the ticket holder's messages, and a ticket opens one stream only", async () => {
    const { ticket, expiresAt } = await ticketWith(await tokenFor(600));
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
    expect(await db.notificationStreamTicket.count({ where: { id: ticket } })).toBe(0);
    const stream = await open(`?ticket=${ticket}`);
    expect(stream.status).toBe(200);
    expect((await open(`?ticket=${ticket}`)).status).toBe(401);
    const message = { id: 'm-1', eventId: 'e-1', caseId: 'c-1', recipient: handler, kind: 'assigned', urgent: false, subject: '', body: '你好', createdAt: new Date(), readAt: null };
    inbox.publish([{ ...message, id: 'other', recipient: 'someone-else' }, message]);
    await waitFor(async () => (stream.received.join('').includes('"id":"m-1"') ? true : undefined), { description: 'the message on the stream' });
    expect(stream.received.join('')).not.toContain('someone-else');
    stream.close();
  });

  it('holds a person to two streams at once: a third is 429 with Retry-After until one closes', async () => {
    // The streams of the tests before were closed by the client; the server may still be noticing.
    const slots = app.get(StreamSlots);
    await waitFor(async () => (slots.held(handler) === 0 ? true : undefined), { description: 'earlier streams to be let go' });
    const token = await tokenFor(600);
    const first = await open(`?ticket=${(await ticketWith(token)).ticket}`);
    const second = await open(`?ticket=${(await ticketWith(token)).ticket}`);
    expect([first.status, second.status]).toEqual([200, 200]);

    const controller = new AbortController();
    streams.push(controller);
    const third = await fetch(`${base}/notifications/stream?ticket=${(await ticketWith(token)).ticket}`, { signal: controller.signal });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(await third.json()).toMatchObject({ type: 'https://bishan.example/problems/too-many-requests', status: 429 });

    // Someone else is not held to this person's streams.
    const otherToken = await new SignJWT({ role: 'department-handler', departmentId: 'power-supply' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject('power-supply-handler-2')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
      .sign(secret);
    const other = await open(`?ticket=${(await ticketWith(otherToken)).ticket}`);
    expect(other.status).toBe(200);
    other.close();

    // A closed stream gives its slot back (once the server notices the connection went).
    first.close();
    const again = await waitFor(
      async () => {
        const attempt = await open(`?ticket=${(await ticketWith(token)).ticket}`);
        return attempt.status === 200 ? attempt : undefined;
      },
      { description: 'a stream to open again after one closed' },
    );
    again.close();
    second.close();
  });

  it('closes the stream when the token behind the ticket expires', async () => {
    const { ticket } = await ticketWith(await tokenFor(2));
    const stream = await open(`?ticket=${ticket}`);
    expect(stream.status).toBe(200);
    await waitFor(async () => (stream.ended() ? true : undefined), { description: 'the stream to end with its token', timeoutMs: 20_000 });
  });
});
