import 'reflect-metadata';
import type { Client } from '@temporalio/client';
import { ServiceError } from '@temporalio/client';
import { loadConfig } from '@bishan/config';
import { bishanOrganisation, toDirectory } from '@bishan/db';
import { getPolicy, latestPolicy, packageCalendarData, type Actor } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';
import type { MeetingsHandler } from '../../meetings/meetings.handler';
import type { OrganisationStore } from '../../organisation/organisation.store';
import type { RaiseCaseBody } from '../case-commands.schemas';
import type { LikelyDuplicates } from '../likely-duplicates';
import { ResidentRaiseQuota, shanghaiDayOf } from './resident-raise-quota';
import type { Database } from '@bishan/db';
import type { CaseRaiseStore } from './case-raise-store';
import { RaiseCaseHandler } from './raise-case.handler';

const org = bishanOrganisation();
const categories = [...new Set(org.departments.flatMap((d) => d.dutyCategories))];
const organisation = {
  places: () => ({ towns: org.towns, villages: org.villages, courtyards: org.courtyards, categories }),
  directory: () => toDirectory(org),
} as unknown as OrganisationStore;
const secretary: Actor = {
  id: 'dengfeng-secretary',
  role: 'village-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
};
const body = (
  location: RaiseCaseBody['location'] = { townId: 'laifeng', villageId: 'dengfeng' },
): RaiseCaseBody => ({
  category: '线路整治',
  description: '线路杂乱',
  complexity: 'simple',
  channel: 'meeting',
  location,
  reporterIds: ['resident-dengfeng-1'],
});

/** A timeline whose count of today's raises by anyone is `raisedToday`. */
function databaseWith(raisedToday: number) {
  return { caseTimelineEntry: { count: jest.fn(() => Promise.resolve(raisedToday)) } };
}

/** The raise store in memory: what was recorded, which starts are still pending. */
function storeInMemory() {
  const recorded = new Map<string, { events: unknown[]; input: string }>();
  const pending = new Set<string>();
  const store = {
    calendar: () => Promise.resolve(packageCalendarData),
    policyInForce: async (configured?: string) => getPolicy(configured ?? latestPolicy().version),
    record: jest.fn(async (caseId: string, events: unknown[], _view: unknown, input: string) => {
      const earlier = recorded.get(caseId);
      if (earlier) return { fresh: false, input: pending.has(caseId) ? earlier.input : null };
      recorded.set(caseId, { events, input });
      pending.add(caseId);
      return { fresh: true, input };
    }),
    statusOf: async () => 'inLedger',
    started: async (caseId: string) => void pending.delete(caseId),
    startFailed: async () => undefined,
  };
  return { store, recorded, pending };
}

function handlerWith(start: () => Promise<unknown>, { raisedToday = 0, quota = '3' } = {}) {
  const config = loadConfig({ RAISE_QUOTA_PER_RESIDENT_PER_DAY: quota });
  const db = databaseWith(raisedToday);
  const temporal = {
    workflow: { start: jest.fn(start) },
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  };
  const duplicates = { of: () => Promise.resolve({ named: [], total: 0 }) } as unknown as LikelyDuplicates;
  const memory = storeInMemory();
  const handler = new RaiseCaseHandler(
    config,
    temporal as unknown as Client,
    organisation,
    {} as MeetingsHandler,
    duplicates,
    new ResidentRaiseQuota(config, db as unknown as Database),
    memory.store as unknown as CaseRaiseStore,
  );
  return { handler, start: temporal.workflow.start, ...memory };
}

const problemOf = (outcome: unknown) => (outcome instanceof ProblemException ? outcome.problem : outcome);

describe('RaiseCaseHandler', () => {
  it('answers 422 naming each field when the place is not in the organisation, and starts nothing', async () => {
    const { handler, start } = handlerWith(() => Promise.resolve());
    const outcome = await handler
      .execute(body({ townId: 'zhengxing', villageId: 'dengfeng', courtyardId: 'nowhere' }), secretary)
      .catch((e: unknown) => e);
    expect(problemOf(outcome)).toMatchObject({
      status: 422,
      errors: [
        {
          field: 'body.location.villageId',
          message: "village 'dengfeng' does not belong to town 'zhengxing'",
          code: 'not-in-place',
          params: { value: 'dengfeng', parent: 'zhengxing' },
        },
        {
          field: 'body.location.courtyardId',
          message: "courtyard 'nowhere' is not in the organisation",
          code: 'unknown',
          params: { value: 'nowhere' },
        },
      ],
    });
    expect(start).not.toHaveBeenCalled();
  });

  it.each([
    [14, 'No connection established'],
    [4, 'Deadline exceeded'],
  ])(
    'still takes the case when the workflow service fails with gRPC %i: recorded, its start pending',
    async (code, details) => {
      const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
      const { handler, recorded, pending } = handlerWith(() =>
        Promise.reject(new ServiceError('Failed to start Workflow', { cause: grpc })),
      );
      const outcome = await handler.execute(body(), secretary);
      expect(outcome).toMatchObject({ status: 'inLedger', startPending: true });
      expect([...recorded.keys()]).toEqual([outcome.id]);
      expect([...pending]).toEqual([outcome.id]);
    },
  );

  it.each([
    [
      'a gRPC status not taken for unavailability (13 internal)',
      Object.assign(new Error('13 INTERNAL: boom'), { code: 13, details: 'boom', metadata: {} }),
    ],
    ['an error without a gRPC status', new TypeError('cannot read properties of undefined')],
  ])(
    'still takes the case when the start fails with %s: recorded, its start pending, for the sweeper',
    async (_kind, cause) => {
      const { handler, recorded, pending, store } = handlerWith(() =>
        Promise.reject(new ServiceError('Failed to start Workflow', { cause })),
      );
      const noted = jest.spyOn(store, 'startFailed');
      const outcome = await handler.execute(body(), secretary);
      expect(outcome).toMatchObject({ status: 'inLedger', startPending: true });
      expect([...recorded.keys()]).toEqual([outcome.id]);
      expect([...pending]).toEqual([outcome.id]);
      expect(noted).toHaveBeenCalledWith(outcome.id, expect.stringContaining('Failed to start Workflow'));
    },
  );

  it('answers the case started when its workflow runs but the mark cannot be cleared (the sweeper clears it)', async () => {
    const { handler, start, pending, store } = handlerWith(() => Promise.resolve());
    store.started = () =>
      Promise.reject(Object.assign(new Error('Operation has timed out'), { code: 'P1008' }));
    const outcome = await handler.execute(body(), secretary);
    expect(outcome).toMatchObject({ status: 'inLedger', startPending: false });
    expect(start).toHaveBeenCalledTimes(1);
    expect([...pending]).toEqual([outcome.id]);
  });

  it('records the raise, then starts the workflow with the recorded decision, and clears the mark', async () => {
    const { handler, start, recorded, pending } = handlerWith(() => Promise.resolve());
    const outcome = await handler.execute(body(), secretary);
    expect(outcome).toMatchObject({ status: 'inLedger', startPending: false });
    expect(start).toHaveBeenCalledTimes(1);
    const options = (
      start.mock.calls as unknown as [
        string,
        { args: [{ recorded: { events: { seq: number; event: { type: string } }[] } }] },
      ][]
    )[0]?.[1];
    const input = options?.args[0];
    if (!input) throw new Error('the workflow was not started');
    expect(input.recorded.events.map((e) => [e.seq, e.event.type])).toEqual([
      [1, 'caseRaised'],
      [2, 'caseEnteredLedger'],
    ]);
    expect(recorded.get(outcome.id)?.events).toEqual(input.recorded.events);
    expect(pending.size).toBe(0);
  });

  it('starts a retried raise with the decision the first one stored, and not at all once started', async () => {
    const { handler, start, store } = handlerWith(() => Promise.resolve());
    const first = await handler.execute(body(), secretary, 'key-1');
    const again = await handler.execute(body(), secretary, 'key-1');
    expect(again.id).toBe(first.id);
    expect(start).toHaveBeenCalledTimes(1); // the second found its start done
    expect(store.record).toHaveBeenCalledTimes(2);
  });

  it('keeps a resident to the daily quota with 429 and Retry-After until Beijing midnight, but not officials', async () => {
    const resident: Actor = {
      id: 'resident-dengfeng-1',
      role: 'resident',
      townId: 'laifeng',
      villageId: 'dengfeng',
    };
    const online = { ...body(), channel: 'onlineGroup' as const };
    const full = handlerWith(() => Promise.resolve(), { raisedToday: 3, quota: '3' });
    const outcome = await full.handler.execute(online, resident).catch((e: unknown) => e);
    expect(problemOf(outcome)).toMatchObject({
      status: 429,
      type: 'https://bishan.example/problems/too-many-requests',
    });
    expect((outcome as ProblemException).retryAfterSeconds).toBeGreaterThan(0);
    expect((outcome as ProblemException).retryAfterSeconds).toBeLessThanOrEqual(86_400);
    expect(full.start).not.toHaveBeenCalled();
    await expect(
      handlerWith(() => Promise.resolve(), { raisedToday: 2, quota: '3' }).handler.execute(online, resident),
    ).resolves.toBeDefined();
    await expect(
      handlerWith(() => Promise.resolve(), { raisedToday: 99, quota: '3' }).handler.execute(
        body(),
        secretary,
      ),
    ).resolves.toBeDefined();
  });

  it('counts the day in Beijing time', () => {
    // 2026-12-04 23:30 Beijing is 15:30 UTC: the day began at 16:00 UTC the day before.
    expect(shanghaiDayOf(Date.parse('2026-12-04T15:30:00Z'))).toEqual({
      start: Date.parse('2026-12-03T16:00:00Z'),
      next: Date.parse('2026-12-04T16:00:00Z'),
    });
  });
});
