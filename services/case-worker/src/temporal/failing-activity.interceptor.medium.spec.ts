import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { createDatabase, FailingActivityRepository, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { failingActivityInterceptors, type FailingActivityRecorder } from './failing-activity.interceptor';

const AT = new Date('2026-11-27T08:00:00.000Z');

/** One attempt of `recordCaseEvents` of workflow `case-1`, run through the interceptor. */
function attempt(recorder: FailingActivityRecorder, attemptNumber: number, warnings: string[] = []) {
  return new MockActivityEnvironment(
    {
      activityType: 'recordCaseEvents',
      activityId: '7',
      attempt: attemptNumber,
      workflowExecution: { workflowId: 'case-1', runId: 'run-1' },
    },
    {
      interceptors: [
        failingActivityInterceptors(recorder, { warn: (line) => warnings.push(line) }, () => AT),
      ],
      // The SDK logs every failed attempt itself; the test's failures are on purpose.
      logger: new DefaultLogger('ERROR'),
    },
  );
}

describe('the failing-activity interceptor (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let repository: FailingActivityRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase('failing-activities');
    db = await createDatabase(testDb.url);
    repository = new FailingActivityRepository(db);
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('records each failed attempt, keeps the first failure time, and clears the row when a retry succeeds', async () => {
    const warnings: string[] = [];
    await expect(
      attempt(repository, 1, warnings).run(() => Promise.reject(new Error('database is locked'))),
    ).rejects.toThrow('database is locked');
    await expect(
      attempt(repository, 2, warnings).run(() => Promise.reject(new TypeError('x is undefined'))),
    ).rejects.toThrow(TypeError);

    const { total, rows } = await repository.latest(10);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({
      workflowId: 'case-1',
      runId: 'run-1',
      activityType: 'recordCaseEvents',
      activityId: '7',
      attempt: 2,
      lastError: 'TypeError: x is undefined',
      retrying: true,
      firstFailedAt: AT,
      lastFailedAt: AT,
    });
    expect(warnings[0]).toMatch(
      /recordCaseEvents .* workflow case-1 failed on attempt 1: Error: database is locked/,
    );

    await expect(attempt(repository, 3).run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect((await repository.latest(10)).total).toBe(0);
  });

  it('marks a non-retryable failure as given up', async () => {
    await expect(
      attempt(repository, 1).run(() =>
        Promise.reject(ApplicationFailure.nonRetryable('bad input', 'BadInput')),
      ),
    ).rejects.toThrow('bad input');
    expect((await repository.latest(10)).rows[0]).toMatchObject({ retrying: false, attempt: 1 });
    await repository.clear('case-1', 'recordCaseEvents');
  });

  it("never changes the activity's outcome when recording fails", async () => {
    const broken: FailingActivityRecorder = {
      recordFailure: () => Promise.reject(new Error('disk full')),
      clear: () => Promise.reject(new Error('disk full')),
    };
    const warnings: string[] = [];
    await expect(
      attempt(broken, 1, warnings).run(() => Promise.reject(new Error('upstream down'))),
    ).rejects.toThrow('upstream down');
    await expect(attempt(broken, 2, warnings).run(() => Promise.resolve(42))).resolves.toBe(42);
    expect(warnings.filter((line) => line.includes('could not'))).toEqual([
      'could not record the failing-activity row: disk full',
      'could not clear the failing-activity row: disk full',
    ]);
  });

  it('writes nothing for a first attempt that succeeds', async () => {
    const calls: string[] = [];
    const spy: FailingActivityRecorder = {
      recordFailure: async () => void calls.push('record'),
      clear: async () => void calls.push('clear'),
    };
    await attempt(spy, 1).run(() => Promise.resolve());
    expect(calls).toEqual([]);
  });
});
