import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { isServiceUnavailable, isTransientError } from './transient-error';

const prismaError = (code: string, message = 'failed') =>
  new PrismaClientKnownRequestError(message, { code, clientVersion: '7.10.0' });
const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isTransientError', () => {
  it.each(['P1001', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034'])('retries Prisma %s', (code) => {
    expect(isTransientError(prismaError(code))).toBe(true);
  });

  it.each([
    ['SQLITE_BUSY', 'database is locked'],
    ['SQLITE_BUSY_SNAPSHOT', 'database is locked'],
    ['SQLITE_LOCKED', 'database table is locked'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['40001', 'could not serialize access due to concurrent update'],
  ])('retries driver errors %s', (code, message) => {
    expect(isTransientError(driverError(code, message))).toBe(true);
  });

  it('recognises the message when the code was lost, and looks through causes', () => {
    expect(
      isTransientError(new Error('Invalid `tx.processedEvent.create()` invocation: Operation has timed out')),
    ).toBe(true);
    expect(
      isTransientError(
        new Error('activity failed', { cause: driverError('SQLITE_BUSY', 'database is locked') }),
      ),
    ).toBe(true);
    expect(isTransientError(prismaError('P2010', 'raw query failed'))).toBe(false);
  });

  it.each([
    ['a unique violation', prismaError('P2002', 'Unique constraint failed on the fields: (`id`)')],
    ['a missing record', prismaError('P2025', 'Record to update not found.')],
    ['a missing table', prismaError('P2021', 'The table `Case` does not exist')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'caseId')")],
    [
      'a constraint from the driver',
      driverError('SQLITE_CONSTRAINT_NOTNULL', 'NOT NULL constraint failed: Case.title'),
    ],
    ['nothing at all', undefined],
    ['a plain string', 'template not found'],
  ])('gives up on %s', (_name, error) => {
    expect(isTransientError(error)).toBe(false);
  });

  it('does not loop on a cause cycle', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' };
    a.cause = { message: 'b', cause: a };
    expect(isTransientError(a)).toBe(false);
  });
});

describe('isServiceUnavailable', () => {
  // The shape @grpc/grpc-js gives a failed call, and the Temporal client's ServiceError around it.
  const grpcError = (code: number, details: string) =>
    Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  const wrapped = (cause: unknown) =>
    Object.assign(new Error('Failed to start Workflow'), { name: 'ServiceError', cause });

  it.each([
    [14, 'No connection established'],
    [4, 'Deadline exceeded'],
    [8, 'Namespace rate limit exceeded'],
  ])('counts gRPC %i as unavailable, also wrapped', (code, details) => {
    expect(isServiceUnavailable(grpcError(code, details))).toBe(true);
    expect(isServiceUnavailable(wrapped(grpcError(code, details)))).toBe(true);
  });

  it.each([
    ['an invalid argument', grpcError(3, 'invalid WorkflowId')],
    ['an already started workflow', grpcError(6, 'Workflow execution already started')],
    ['a Node error with a numeric-looking code', Object.assign(new Error('x'), { code: 14 })],
    ['a database error', prismaError('P1001')],
    ['nothing', undefined],
  ])('not %s', (_name, error) => {
    expect(isServiceUnavailable(error)).toBe(false);
  });
});
