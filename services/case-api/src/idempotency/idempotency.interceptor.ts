import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { IdempotencyRepository, type Database } from '@bishan/db';
import { isServiceUnavailable, isTransientError } from '@bishan/messaging';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import type { AuthenticatedRequest } from '@bishan/service-runtime';
import { RETRY_AFTER_SECONDS, temporarilyUnavailable } from '../cases/case-problems';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** Tries at storing or releasing a key when the database is momentarily busy. */
const RECORD_ATTEMPTS = 4;
const RECORD_RETRY_BASE_MS = 50;

/**
 * Every POST may carry an Idempotency-Key: the first response is stored, and a retry with the same
 * key and body gets it back without acting again. The same key with another body is refused.
 *
 * It also turns a momentary failure of the database or the workflow service (gRPC unavailable,
 * deadline exceeded, exhausted), on any request, into
 * 503 with Retry-After instead of 500: the request may simply be sent again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly records: IdempotencyRepository;
  private readonly logger = new Logger('idempotency');

  constructor(@Inject(DATABASE) db: Database) {
    this.records = new IdempotencyRepository(db);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request);
    if (request.method !== 'POST' || key === undefined) {
      return next.handle().pipe(catchError((error: unknown) => throwError(() => unavailableIfPassing(error, reply))));
    }

    // Per caller: another person's identical key is another request, and must not get this reply.
    const scope = `${request.method} ${request.url.split('?')[0]} ${request.actor?.id ?? 'anonymous'}`;
    let claim: Awaited<ReturnType<IdempotencyRepository['claim']>>;
    try {
      // One transaction: when it fails, no record of the key was written and a retry starts afresh.
      claim = await this.records.claim(scope, key, hashOf(request.body));
    } catch (error) {
      throw unavailableIfPassing(error, reply);
    }
    switch (claim.outcome) {
      case 'replay':
        context.switchToHttp().getResponse<FastifyReply>().header('idempotent-replayed', 'true');
        return of(JSON.parse(claim.body) as unknown);
      case 'mismatch':
        throw problem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'Idempotency-Key was already used for a different request body',
        );
      case 'in-progress':
        throw problem(
          HttpStatus.CONFLICT,
          'a request with this Idempotency-Key is still being processed; retry shortly',
        );
      case 'claimed': {
        const status =
          (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
          HttpStatus.CREATED;
        return next.handle().pipe(
          catchError((error: unknown) =>
            from(
              retryWhilePassing(() => this.records.release(scope, key)).then(
                () => Promise.reject(unavailableIfPassing(error, reply)),
                // A key that could not be released stays claimed until it counts as abandoned;
                // the request's own failure is still what the caller hears.
                () => Promise.reject(unavailableIfPassing(error, reply)),
              ),
            ),
          ),
          // The action is done: its response must be stored, or a retry would do it again. A busy
          // database gets a few more tries; should they all fail, the caller still gets the answer
          // and the claim stays pending (a retry hears 409 until it counts as abandoned).
          mergeMap((body) =>
            from(
              retryWhilePassing(() => this.records.complete(scope, key, status, JSON.stringify(body ?? null))).then(
                () => body,
                (error: unknown) => {
                  this.logger.warn(`${scope} key ${key}: response not stored, the claim stays pending: ${String(error)}`);
                  return body;
                },
              ),
            ),
          ),
        );
      }
    }
  }
}

/** The key, validated; undefined when the request has none. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw new ProblemException({
      type: 'https://bishan.example/problems/validation',
      title: 'request is not valid',
      status: HttpStatus.BAD_REQUEST,
      detail: 'header.Idempotency-Key: 1 to 200 printable ASCII characters',
      errors: [{ field: 'header.Idempotency-Key', message: '1 to 200 printable ASCII characters' }],
    });
  }
  return key;
}

function hashOf(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * A transient database failure becomes 503; any 503 (also one a handler raised for the workflow
 * service) gets Retry-After. Other errors pass unchanged.
 */
function unavailableIfPassing(error: unknown, reply: FastifyReply): unknown {
  const mapped = isTransientError(error)
    ? temporarilyUnavailable('the database was busy; retry the request (an Idempotency-Key makes the retry safe)')
    : isServiceUnavailable(error)
      ? temporarilyUnavailable('the workflow service did not answer; retry the request (an Idempotency-Key makes the retry safe)')
      : error;
  if (mapped instanceof ProblemException && mapped.problem.status === HttpStatus.SERVICE_UNAVAILABLE) {
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  return mapped;
}

async function retryWhilePassing(write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS || !isTransientError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_BASE_MS * 2 ** attempt));
    }
  }
}

function problem(status: HttpStatus, detail: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/idempotency',
    title: 'idempotency conflict',
    status,
    detail,
  });
}
