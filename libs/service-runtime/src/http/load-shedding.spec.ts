import Fastify, { type FastifyInstance } from 'fastify';
import { installLoadShedding, type LoadShedding } from './load-shedding';

describe('installLoadShedding', () => {
  let app: FastifyInstance;
  let shedding: LoadShedding;
  let base: string;
  let release: () => void;
  let gate: Promise<void>;
  const warnings: string[] = [];
  let clock = 0;

  const closeGate = () => {
    gate = new Promise((resolve) => {
      release = resolve;
    });
  };

  beforeEach(async () => {
    warnings.length = 0;
    clock = 0;
    closeGate();
    app = Fastify({ forceCloseConnections: true });
    shedding = installLoadShedding(app, 2, (message) => warnings.push(message), () => clock);
    app.get('/slow', async () => {
      await gate;
      return { ok: true };
    });
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/metrics', async () => 'metrics');
    app.get('/stream', async () => 'stream');
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    release();
    await app.close();
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).toBe(true);
  };

  it('answers 503 problem+json with Retry-After once the limit is in flight, and takes requests again after', async () => {
    const first = fetch(`${base}/slow`);
    const second = fetch(`${base}/slow`);
    await until(() => shedding.inFlight() === 2);

    const refused = await fetch(`${base}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 503, type: expect.stringContaining('temporarily-unavailable') });
    expect(shedding.shed()).toBe(1);

    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    await until(() => shedding.inFlight() === 0);
    expect((await fetch(`${base}/slow`)).status).toBe(200);
  });

  it('never sheds health checks, metrics or event streams', async () => {
    const held = [fetch(`${base}/slow`), fetch(`${base}/slow`)];
    await until(() => shedding.inFlight() === 2);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/stream`, { headers: { accept: 'text/event-stream' } })).status).toBe(200);
    expect((await fetch(`${base}/stream`)).status).toBe(503);
    release();
    await Promise.all(held);
  });

  it('gives a slot back when the client goes away before the answer', async () => {
    const gone = new AbortController();
    const abandoned = fetch(`${base}/slow`, { signal: gone.signal }).catch((error: unknown) => error);
    const kept = fetch(`${base}/slow`);
    await until(() => shedding.inFlight() === 2);
    gone.abort();
    await abandoned;
    await until(() => shedding.inFlight() === 1);
    release();
    expect((await kept).status).toBe(200);
  });

  it('warns at most once a minute, with how many were turned away since the last warning', async () => {
    const held = [fetch(`${base}/slow`), fetch(`${base}/slow`)];
    await until(() => shedding.inFlight() === 2);
    clock = 1_000_000;
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${base}/slow`)).status).toBe(503);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('1 requests answered 503 (limit 2 in flight');
    clock += 60_000;
    expect((await fetch(`${base}/slow`)).status).toBe(503);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('3 requests answered 503');
    release();
    await Promise.all(held);
  });
});
