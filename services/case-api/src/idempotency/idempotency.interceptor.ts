import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { IdempotencyRepository, type Database } from '@bishan/db';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Every POST may carry an Idempotency-Key: the first response is stored, and a retry with the same
 * key and body gets it back without acting again. The same key with another body is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly records: IdempotencyRepository;

  constructor(@Inject(DATABASE) db: Database) {
    this.records = new IdempotencyRepository(db);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = idempotencyKeyOf(request);
    if (request.method !== 'POST' || key === undefined) return next.handle();

    // Per caller: another person's identical key is another request, and must not get this reply.
    const scope = `${request.method} ${request.url.split('?')[0]} ${request.actor?.id ?? 'anonymous'}`;
    const claim = await this.records.claim(scope, key, hashOf(request.body));
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
          mergeMap((body) =>
            from(this.records.complete(scope, key, status, JSON.stringify(body ?? null)).then(() => body)),
          ),
          catchError((error: unknown) =>
            from(this.records.release(scope, key).then(() => Promise.reject(error))),
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

function problem(status: HttpStatus, detail: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/idempotency',
    title: 'idempotency conflict',
    status,
    detail,
  });
}
