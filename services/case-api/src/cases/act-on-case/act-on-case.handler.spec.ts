import 'reflect-metadata';
import type { Client } from '@temporalio/client';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';
import type { VisibleCases } from '../visible-cases';
import { ActOnCaseHandler } from './act-on-case.handler';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

/** A database whose start-pending marks are those of `pendingCaseIds`. */
const databaseWithMarks = (pendingCaseIds: string[] = []) =>
  ({
    pendingCaseStart: { count: ({ where }: { where: { caseId: string } }) => Promise.resolve(pendingCaseIds.includes(where.caseId) ? 1 : 0) },
  }) as unknown as Database;

/** A Temporal client whose every update fails with `error`. */
function handlerFailingWith(error: unknown, pendingCaseIds: string[] = []): ActOnCaseHandler {
  const temporal = { workflow: { getHandle: () => ({ executeUpdate: () => Promise.reject(error) }) } } as unknown as Client;
  const visible = { refuseIfHidden: () => Promise.resolve() } as unknown as VisibleCases;
  return new ActOnCaseHandler(temporal, visible, databaseWithMarks(pendingCaseIds));
}

async function outcomeOf(error: unknown, pendingCaseIds: string[] = []): Promise<unknown> {
  return handlerFailingWith(error, pendingCaseIds)
    .execute('case-1', 'claimCase', {}, { id: 'u-1', role: 'department-handler' } as Actor)
    .catch((e: unknown) => e);
}

async function statusOf(error: unknown): Promise<number | 'not a problem document'> {
  const outcome = await outcomeOf(error);
  return outcome instanceof ProblemException ? outcome.problem.status : 'not a problem document';
}

describe('ActOnCaseHandler when the workflow service does not answer', () => {
  it('answers 503 when the update call timed out (no worker polling the task queue)', async () => {
    expect(await statusOf(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'))).toBe(503);
  });

  it.each([
    [4, 'deadline exceeded'],
    [14, 'No connection established'],
    [8, 'namespace rate limit exceeded'],
  ])('answers 503 when the service fails with gRPC status %i', async (code, details) => {
    expect(await statusOf(new ServiceError('Workflow Update failed', { cause: grpcError(code, details) }))).toBe(503);
  });

  it('keeps refusals by the rules and other failures as they were', async () => {
    const refused = new WorkflowUpdateFailedError('update failed', new Error('wrong-state: case is closed'));
    expect(await statusOf(refused)).toBe(409);
    expect(await statusOf(new ServiceError('Workflow Update failed', { cause: grpcError(3, 'invalid argument') }))).toBe(
      'not a problem document',
    );
  });
});

describe('ActOnCaseHandler when the case has no workflow', () => {
  const notFound = new WorkflowNotFoundError('workflow not found', 'case-1', undefined);

  it('answers 503 naming the wait when the case was recorded and its workflow is still to start', async () => {
    const outcome = await outcomeOf(notFound, ['case-1']);
    expect(outcome).toBeInstanceOf(ProblemException);
    expect((outcome as ProblemException).problem).toMatchObject({ status: 503 });
    expect((outcome as ProblemException).problem.detail).toContain('case case-1 is recorded but its workflow has not started yet');
  });

  it('answers 404 when no such case waits to start', async () => {
    const outcome = await outcomeOf(notFound, ['another-case']);
    expect(outcome).toBeInstanceOf(ProblemException);
    expect((outcome as ProblemException).problem).toMatchObject({ status: 404 });
  });
});

describe('ActOnCaseHandler role check', () => {
  it('refuses a role that may never send the action with the rule’s problem, without asking the workflow', async () => {
    let asked = 0;
    const temporal = { workflow: { getHandle: () => ({ executeUpdate: () => (asked++, Promise.resolve({})) }) } } as unknown as Client;
    const visible = { refuseIfHidden: () => Promise.resolve() } as unknown as VisibleCases;
    const outcome = await new ActOnCaseHandler(temporal, visible, databaseWithMarks())
      .execute('case-1', 'claimCase', {}, { id: 'r-1', role: 'resident' })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ProblemException);
    expect((outcome as ProblemException).problem).toMatchObject({
      status: 403,
      type: 'https://bishan.example/problems/forbidden',
      detail: "role 'resident' may not claimCase; allowed: department-handler, department-leader",
    });
    expect(asked).toBe(0);
  });
});
