import 'reflect-metadata';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { lastValueFrom, of, throwError } from 'rxjs';
import type { Database } from '@bishan/db';
import { ProblemException } from '@bishan/service-runtime';
import { temporarilyUnavailable } from '../cases/case-problems';
import { IdempotencyInterceptor } from './idempotency.interceptor';

const timedOut = () => new PrismaClientKnownRequestError('Operation has timed out', { code: 'P1008', clientVersion: '7.10.0' });

/** A database whose idempotency table lives in a Map; `failClaims` makes the claim transaction time out. */
function fakeDatabase(options: { failClaims?: number } = {}) {
  const rows = new Map<string, { requestHash: string; status: number; responseBody: string; createdAt: Date }>();
  let claimFailures = options.failClaims ?? 0;
  const table = {
    findUnique: ({ where }: { where: { scope_key: { scope: string; key: string } } }) =>
      Promise.resolve(rows.get(`${where.scope_key.scope}|${where.scope_key.key}`) ?? null),
    create: ({ data }: { data: { scope: string; key: string; requestHash: string; status: number; responseBody: string; createdAt: Date } }) => {
      rows.set(`${data.scope}|${data.key}`, { ...data });
      return Promise.resolve(data);
    },
    update: ({ where, data }: { where: { scope_key: { scope: string; key: string } }; data: object }) => {
      const id = `${where.scope_key.scope}|${where.scope_key.key}`;
      rows.set(id, { ...rows.get(id)!, ...data });
      return Promise.resolve(rows.get(id));
    },
    deleteMany: ({ where }: { where: { scope: string; key: string; status: number } }) => {
      const id = `${where.scope}|${where.key}`;
      if (rows.get(id)?.status === where.status) rows.delete(id);
      return Promise.resolve({ count: 1 });
    },
  };
  const db = {
    idempotencyRecord: table,
    $transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      if (claimFailures > 0) {
        claimFailures -= 1;
        throw timedOut();
      }
      // All or nothing, like the real transaction: a failing body leaves the table as it was.
      const before = new Map(rows);
      try {
        return await work({ idempotencyRecord: table });
      } catch (error) {
        rows.clear();
        for (const [k, v] of before) rows.set(k, v);
        throw error;
      }
    },
  };
  return { db: db as unknown as Database, rows };
}

function keyedPost(headers: Record<string, string> = { 'idempotency-key': 'k-1' }) {
  const replyHeaders: Record<string, string> = {};
  const request = { method: 'POST', url: '/cases', headers, body: { title: 'lines down' }, actor: { id: 'u-1' } };
  const reply = { header: (name: string, value: string) => void (replyHeaders[name] = value) };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => () => undefined,
  } as unknown as ExecutionContext;
  return { context, replyHeaders };
}

const problemOf = (error: unknown) => (error instanceof ProblemException ? error.problem : undefined);

describe('IdempotencyInterceptor on a busy database', () => {
  it('answers 503 with Retry-After when the claim times out, leaves no record, and a retry then acts once', async () => {
    const { db, rows } = fakeDatabase({ failClaims: 1 });
    const interceptor = new IdempotencyInterceptor(db);
    const handler: CallHandler = { handle: jest.fn(() => of({ id: 'case-1' })) };
    const first = keyedPost();
    const refusal = await interceptor.intercept(first.context, handler).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(problemOf(refusal)).toMatchObject({ status: 503, type: 'https://bishan.example/problems/temporarily-unavailable' });
    expect(first.replyHeaders['retry-after']).toBe('2');
    expect(handler.handle).not.toHaveBeenCalled();
    expect(rows.size).toBe(0);

    const retry = keyedPost();
    expect(await lastValueFrom(await interceptor.intercept(retry.context, handler))).toEqual({ id: 'case-1' });
    expect(handler.handle).toHaveBeenCalledTimes(1);
    expect([...rows.values()]).toMatchObject([{ status: 201, responseBody: '{"id":"case-1"}' }]);
  });

  it('answers 503 when the action itself hits a busy database, and releases the key for the retry', async () => {
    const { db, rows } = fakeDatabase();
    const interceptor = new IdempotencyInterceptor(db);
    const post = keyedPost();
    const outcome = lastValueFrom(await interceptor.intercept(post.context, { handle: () => throwError(timedOut) }));
    const error = await outcome.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(problemOf(error)?.status).toBe(503);
    expect(post.replyHeaders['retry-after']).toBe('2');
    expect(rows.size).toBe(0);
  });

  it('adds Retry-After to a 503 a handler raised, also without a key, and leaves other errors alone', async () => {
    const interceptor = new IdempotencyInterceptor(fakeDatabase().db);
    const unkeyed = keyedPost({});
    const unavailable = temporarilyUnavailable('no worker answered');
    const error = await lastValueFrom(await interceptor.intercept(unkeyed.context, { handle: () => throwError(() => unavailable) })).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(unavailable);
    expect(unkeyed.replyHeaders['retry-after']).toBe('2');

    const other = keyedPost({});
    const bug = new TypeError('boom');
    expect(await lastValueFrom(await interceptor.intercept(other.context, { handle: () => throwError(() => bug) })).catch((e: unknown) => e)).toBe(bug);
    expect(other.replyHeaders['retry-after']).toBeUndefined();
  });

  it('answers 503 with Retry-After when the workflow service is unreachable (gRPC 14 or 4 under the client\'s error)', async () => {
    const interceptor = new IdempotencyInterceptor(fakeDatabase().db);
    for (const code of [14, 4]) {
      const grpc = Object.assign(new Error(`${code} unavailable`), { code, details: 'No connection established', metadata: {} });
      const post = keyedPost({});
      const error = await lastValueFrom(
        await interceptor.intercept(post.context, { handle: () => throwError(() => new Error('Failed to start Workflow', { cause: grpc })) }),
      ).catch((e: unknown) => e);
      expect(problemOf(error)).toMatchObject({ status: 503, type: 'https://bishan.example/problems/temporarily-unavailable' });
      expect(post.replyHeaders['retry-after']).toBe('2');
    }
  });
});
