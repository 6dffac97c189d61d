/**
 * Prisma codes of failures that say nothing about the request itself: the database was busy,
 * unreachable or too slow just now, and the same work may well succeed if tried again.
 * P1001 can't reach the server, P1008 operation timed out (also SQLite's SQLITE_BUSY through the
 * driver adapter), P1017 server closed the connection, P2024 timed out waiting for a pool
 * connection, P2028 transaction could not start in time / expired, P2034 write conflict or deadlock.
 */
const TRANSIENT_PRISMA_CODES = new Set(['P1001', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

/** Node and driver error codes of the same kind (SQLite's extended codes start with the base one). */
const TRANSIENT_DRIVER_CODE = /^(SQLITE_BUSY|SQLITE_LOCKED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|40001|40P01|55P03)/;

const TRANSIENT_MESSAGE =
  /operation has timed out|database is locked|database table is locked|SQLITE_BUSY|SQLITE_LOCKED|can't reach database server|server has closed the connection|timed out fetching a new connection|unable to start a transaction in the given time|transaction failed due to a write conflict or a deadlock/i;

/**
 * Whether an error is a passing condition of the database or its connection (worth retrying
 * without limit) rather than something wrong with the work itself (worth a few attempts at most).
 * Follows `cause` chains, since drivers and Prisma wrap the original error.
 */
export function isTransientError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (typeof current !== 'object') return typeof current === 'string' && TRANSIENT_MESSAGE.test(current);
    const { code, message, cause, meta } = current as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    if (typeof code === 'string' && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_DRIVER_CODE.test(code))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGE.test(message)) return true;
    const adapterError = (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
    current = cause ?? adapterError;
  }
  return false;
}

/** gRPC status codes of a service that did not answer: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNAVAILABLE_GRPC_CODES = new Set([4, 8, 14]);

/**
 * Whether a call to a gRPC service (the Temporal frontend) failed because the service was away,
 * overloaded or too slow, rather than because of the request: the caller may retry. Recognised by the
 * gRPC error's shape (a numeric `code` with `details` or `metadata`), through `cause` chains, since
 * the Temporal client wraps the transport's error in its own.
 */
export function isServiceUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { code, details, metadata, cause } = current as { code?: unknown; details?: unknown; metadata?: unknown; cause?: unknown };
    if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code) && (typeof details === 'string' || metadata !== undefined))
      return true;
    current = cause;
  }
  return false;
}
