import 'reflect-metadata';
import type { Client } from '@temporalio/client';
import { ServiceError } from '@temporalio/client';
import { loadConfig } from '@bishan/config';
import { bishanOrganisation, toDirectory } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';
import type { MeetingsHandler } from '../../meetings/meetings.handler';
import type { OrganisationStore } from '../../organisation/organisation.store';
import type { RaiseCaseBody } from '../case-commands.schemas';
import type { LikelyDuplicates } from '../likely-duplicates';
import { ResidentRaiseQuota, shanghaiDayOf } from './resident-raise-quota';
import type { Database } from '@bishan/db';
import { RaiseCaseHandler } from './raise-case.handler';

const org = bishanOrganisation();
const categories = [...new Set(org.departments.flatMap((d) => d.dutyCategories))];
const organisation = {
  places: () => ({ towns: org.towns, villages: org.villages, courtyards: org.courtyards, categories }),
  directory: () => toDirectory(org),
} as unknown as OrganisationStore;
const secretary: Actor = { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' };
const body = (location: RaiseCaseBody['location'] = { townId: 'laifeng', villageId: 'dengfeng' }): RaiseCaseBody => ({
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

function handlerWith(start: () => Promise<unknown>, { raisedToday = 0, quota = '3' } = {}) {
  const config = loadConfig({ RAISE_QUOTA_PER_RESIDENT_PER_DAY: quota });
  const db = databaseWith(raisedToday);
  const temporal = { workflow: { start: jest.fn(start) } };
  const duplicates = { of: () => Promise.resolve([]) } as unknown as LikelyDuplicates;
  const handler = new RaiseCaseHandler(
    config,
    temporal as unknown as Client,
    organisation,
    {} as MeetingsHandler,
    duplicates,
    new ResidentRaiseQuota(config, db as unknown as Database),
  );
  return { handler, start: temporal.workflow.start };
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
        { field: 'body.location.villageId', message: "village 'dengfeng' does not belong to town 'zhengxing'" },
        { field: 'body.location.courtyardId', message: "courtyard 'nowhere' is not in the organisation" },
      ],
    });
    expect(start).not.toHaveBeenCalled();
  });

  it.each([
    [14, 'No connection established'],
    [4, 'Deadline exceeded'],
  ])('answers 503 when the workflow service fails with gRPC %i', async (code, details) => {
    const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
    const { handler } = handlerWith(() => Promise.reject(new ServiceError('Failed to start Workflow', { cause: grpc })));
    const outcome = await handler.execute(body(), secretary).catch((e: unknown) => e);
    expect(problemOf(outcome)).toMatchObject({ status: 503, type: 'https://bishan.example/problems/temporarily-unavailable' });
  });

  it('starts the workflow for a place that exists', async () => {
    const { handler, start } = handlerWith(() => Promise.resolve());
    await expect(handler.execute(body(), secretary)).resolves.toMatchObject({ status: 'inLedger' });
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('keeps a resident to the daily quota with 429 and Retry-After until Beijing midnight, but not officials', async () => {
    const resident: Actor = { id: 'resident-dengfeng-1', role: 'resident', townId: 'laifeng', villageId: 'dengfeng' };
    const online = { ...body(), channel: 'onlineGroup' as const };
    const full = handlerWith(() => Promise.resolve(), { raisedToday: 3, quota: '3' });
    const outcome = await full.handler.execute(online, resident).catch((e: unknown) => e);
    expect(problemOf(outcome)).toMatchObject({ status: 429, type: 'https://bishan.example/problems/too-many-requests' });
    expect((outcome as ProblemException).retryAfterSeconds).toBeGreaterThan(0);
    expect((outcome as ProblemException).retryAfterSeconds).toBeLessThanOrEqual(86_400);
    expect(full.start).not.toHaveBeenCalled();
    await expect(handlerWith(() => Promise.resolve(), { raisedToday: 2, quota: '3' }).handler.execute(online, resident)).resolves.toBeDefined();
    await expect(handlerWith(() => Promise.resolve(), { raisedToday: 99, quota: '3' }).handler.execute(body(), secretary)).resolves.toBeDefined();
  });

  it('counts the day in Beijing time', () => {
    // 2026-12-04 23:30 Beijing is 15:30 UTC: the day began at 16:00 UTC the day before.
    expect(shanghaiDayOf(Date.parse('2026-12-04T15:30:00Z'))).toEqual({
      start: Date.parse('2026-12-03T16:00:00Z'),
      next: Date.parse('2026-12-04T16:00:00Z'),
    });
  });
});
