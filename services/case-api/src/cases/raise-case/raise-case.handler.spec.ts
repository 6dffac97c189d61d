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

function handlerWith(start: () => Promise<unknown>) {
  const temporal = { workflow: { start: jest.fn(start) } };
  const duplicates = { of: () => Promise.resolve([]) } as unknown as LikelyDuplicates;
  const handler = new RaiseCaseHandler(
    loadConfig({}),
    temporal as unknown as Client,
    organisation,
    {} as MeetingsHandler,
    duplicates,
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
});
