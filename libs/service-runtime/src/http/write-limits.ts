import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AppConfig } from '@bishan/config';
import { APP_CONFIG } from '../tokens';
import type { AuthenticatedRequest } from './bearer-auth';
import { ProblemException } from './problem-details.filter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MINUTE_MS = 60_000;

/** A 429 problem; the problem filters send `retryAfterSeconds` as Retry-After. */
export function tooManyRequests(detail: string, retryAfterSeconds: number): ProblemException {
  return new ProblemException(
    { type: 'https://bishan.example/problems/too-many-requests', title: 'too many requests', status: HttpStatus.TOO_MANY_REQUESTS, detail },
    retryAfterSeconds,
  );
}

/**
 * Counts per key in fixed one-minute windows; `take` answers how many seconds to wait when the key
 * is over its limit. Keys of past windows are dropped as windows pass, so memory follows the number
 * of callers of the current minute.
 */
export class MinuteCounter {
  private window = -1;
  private counts = new Map<string, number>();

  take(key: string, limit: number, now = Date.now()): number | null {
    const window = Math.floor(now / MINUTE_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= limit) return null;
    return Math.max(1, Math.ceil(((window + 1) * MINUTE_MS - now) / 1000));
  }
}

/**
 * Per-person and per-address limits on writes (POST, PUT, PATCH, DELETE), per service instance:
 * over either, 429 problem+json with Retry-After. Reads are not counted. A caller without a verified
 * actor (the development login, a refused token) is counted by address only.
 */
@Injectable()
export class WriteRateLimitInterceptor implements NestInterceptor {
  private readonly counter = new MinuteCounter();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { ip?: string }>();
    if (!WRITE_METHODS.has(request.method)) return next.handle();
    const { writesPerPersonPerMinute, writesPerAddressPerMinute } = this.config.limits;
    const byAddress = this.counter.take(`address ${request.ip ?? 'unknown'}`, writesPerAddressPerMinute);
    const byPerson = request.actor ? this.counter.take(`person ${request.actor.id}`, writesPerPersonPerMinute) : null;
    const wait = Math.max(byAddress ?? 0, byPerson ?? 0);
    if (wait === 0) return next.handle();
    throw tooManyRequests(
      byPerson !== null
        ? `more than ${writesPerPersonPerMinute} changes a minute from one person; retry in ${wait} s`
        : `more than ${writesPerAddressPerMinute} changes a minute from one address; retry in ${wait} s`,
      wait,
    );
  }
}
