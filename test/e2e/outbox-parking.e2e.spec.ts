import { ConfigResourceTypes } from 'kafkajs';
import { loadConfig } from '@bishan/config';
import { createKafka } from '@bishan/messaging';
import { startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type Parked = { eventId: string; type: string; caseEventType: string | null; key: string; caseId: string | null; refusals: number; lastError: string | null };
type Overview = { outbox: { backlog: number; parked: { total: number; waitingBehind: number; items: Parked[] } } };

/**
 * A message the broker keeps refusing, for real: the stack's case topic takes messages of at most
 * 3,000 bytes, and one case is raised with a description too long for that. Its event is parked
 * after two refusals while the other cases' events go out; the ops overview reports it; once the
 * topic takes it again, an admin's retry sends it.
 */
describe('a message the broker keeps refusing is parked, reported and retried (real Kafka)', () => {
  let stack: TestStack;
  let api: string;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'outbox-parking',
      services: ['case-api', 'case-worker'],
      env: { OUTBOX_PARK_AFTER_REFUSALS: '2', OUTBOX_POLL_INTERVAL_MS: '100' },
    });
    api = stack.service('case-api').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  const setMaxMessageBytes = async (bytes: number) => {
    const admin = createKafka({ ...loadConfig(stack.env).kafka, clientId: 'outbox-parking-e2e' }).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: stack.topics.caseEvents, configEntries: [{ name: 'max.message.bytes', value: String(bytes) }] }],
      });
    } finally {
      await admin.disconnect();
    }
  };

  it('parks the refused event, keeps the relay moving, shows it on the ops overview, and sends it on retry', async () => {
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    const admin = await tokenFor(api, actors.admin);
    const overview = () => getJson<Overview>(`${api}/ops/overview`, admin);
    // The relay has published what the stack did so far (nothing waits) before the topic shrinks.
    await waitFor(async () => ((await overview()).outbox.backlog === 0 ? true : undefined), { description: 'an empty outbox' });
    await setMaxMessageBytes(3_000);

    const large = await postJson(`${api}/cases`, { ...tangledLinesCase(), description: '线路杂乱'.repeat(900) }, secretary);
    expect(large.status).toBe(201);
    const largeId: string = large.body.id;
    // Other cases keep coming: their events go out while the large one is refused, until it is parked.
    const others: string[] = [];
    const parked = await waitFor(
      async () => {
        const small = await postJson(`${api}/cases`, { ...tangledLinesCase(), description: `线路整治 ${others.length}` }, secretary);
        expect(small.status).toBe(201);
        others.push(small.body.id);
        const { outbox } = await overview();
        return outbox.parked.items.find((item) => item.key === largeId);
      },
      { description: 'the large case event parked', timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(parked).toMatchObject({ type: 'case.raised', caseEventType: 'caseRaised', caseId: largeId, refusals: 2 });
    expect(parked.lastError).toMatch(/larger than the max message size/i);

    // Not blocking: the other cases' events all went out (their keys have nothing parked).
    await waitFor(
      async () => {
        const { outbox } = await overview();
        return outbox.backlog === 1 + outbox.parked.waitingBehind ? outbox : undefined;
      },
      { description: 'everything but the parked case published', timeoutMs: 60_000 },
    );

    // Fixed at the broker; an admin puts it back in line and the relay sends it and what waited behind it.
    await setMaxMessageBytes(1_048_588);
    const refused = await postJson(`${api}/ops/outbox/retry`, { eventIds: [parked.eventId] }, secretary);
    expect(refused.status).toBe(403);
    const retried = await postJson(`${api}/ops/outbox/retry`, { eventIds: [parked.eventId] }, admin);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ retried: [parked.eventId], notParked: [] });
    await waitFor(
      async () => {
        const { outbox } = await overview();
        return outbox.backlog === 0 && outbox.parked.total === 0 ? true : undefined;
      },
      { description: 'the retried event and those behind it published', timeoutMs: 60_000 },
    );
  });
});
