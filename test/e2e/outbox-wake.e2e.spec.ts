import { startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type Overview = { outbox: { backlog: number } };

/**
 * The relay runs in the case worker and is woken by the worker's own recordings: with its poll set
 * to an hour, a case's events still reach the broker once the worker records a step of the case —
 * the recording's own event and the API's raise event that waited before it.
 */
describe('the outbox relay is woken by a recording in its process (real Kafka)', () => {
  let stack: TestStack;
  let api: string;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'outbox-wake',
      services: ['case-api', 'case-worker'],
      env: { OUTBOX_POLL_INTERVAL_MS: String(60 * 60_000) },
    });
    api = stack.service('case-api').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  it('publishes the raise and the triage right after the worker records the triage, not at the next poll', async () => {
    // Every login first: nothing the API writes after the triage may wait in the outbox.
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    const triage = await tokenFor(api, actors.laifengTriage);
    const admin = await tokenFor(api, actors.admin);
    const overview = () => getJson<Overview>(`${api}/ops/overview`, admin);

    const raised = await postJson(`${api}/cases`, tangledLinesCase(), secretary);
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    const triaged = await postJson(`${api}/cases/${id}/actions/triageCase`, { route: 'district' }, triage);
    expect(triaged.status).toBe(200);

    // Without the wake the relay would look again only an hour after its last round.
    await waitFor(async () => ((await overview()).outbox.backlog === 0 ? true : undefined), {
      description: 'the outbox emptied by the woken relay',
      timeoutMs: 60_000,
    });
  });
});

// PostgreSQL's own NOTIFY, so it runs wherever a server is given (TEST_POSTGRES_URL), whichever
// database the rest of the suite uses. In CI a missing server is a failure, not a skip.
const postgresUrl = process.env['TEST_POSTGRES_URL'];
if (!postgresUrl && process.env['CI'] === 'true') throw new Error('TEST_POSTGRES_URL is required in CI');

/**
 * On PostgreSQL the relay also hears of rows other processes commit: the case API's raise is
 * published with no recording of the worker after it, though the relay's poll is an hour away.
 * (On SQLite the raise waits for the poll or the worker's next recording.)
 */
(postgresUrl ? describe : describe.skip)('the outbox relay is woken by commits of the case API on PostgreSQL (real Kafka)', () => {
  let stack: TestStack;
  let api: string;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'outbox-notify',
      services: ['case-api', 'case-worker'],
      database: 'postgres',
      env: { OUTBOX_POLL_INTERVAL_MS: String(60 * 60_000) },
    });
    api = stack.service('case-api').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  it('publishes a raise recorded by the API right after its commit', async () => {
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    const admin = await tokenFor(api, actors.admin);
    const overview = () => getJson<Overview>(`${api}/ops/overview`, admin);

    const raised = await postJson(`${api}/cases`, tangledLinesCase(), secretary);
    expect(raised.status).toBe(201);

    await waitFor(async () => ((await overview()).outbox.backlog === 0 ? true : undefined), {
      description: 'the outbox emptied by the relay the commit woke',
      timeoutMs: 60_000,
    });
  });
});
