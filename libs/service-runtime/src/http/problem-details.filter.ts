import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactQuery } from '../observability/logger';

/**
 * One offending field: the message in English for any client, and where known the broken rule's
 * code with its parameters (a validator's issue code, or the domain's `FieldRule`), which a client
 * may word in its reader's language.
 */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: Readonly<Record<string, string | number>>;
}

/** RFC 9457 problem document; `errors` names each offending field. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export class ProblemException extends HttpException {
  /** `retryAfterSeconds` becomes the Retry-After header (429, 503). */
  constructor(
    readonly problem: ProblemDocument,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem, problem.status);
  }
}

/**
 * Something the service depends on (the database, the workflow service or its workers, or its own
 * capacity) could not answer in time; nothing was changed and the same request may be sent again,
 * after `retryAfterSeconds` when given (sent as Retry-After).
 */
export function temporarilyUnavailable(detail: string, retryAfterSeconds?: number): ProblemException {
  return new ProblemException(
    {
      type: 'https://bishan.example/problems/temporarily-unavailable',
      title: 'temporarily unavailable',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail,
    },
    retryAfterSeconds,
  );
}

/** Every error leaves the API as application/problem+json; unexpected ones are logged and hidden. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The instance names the request without its query, which may carry a credential.
    const path = request.url.split('?')[0] ?? request.url;
    const problem = { ...this.toProblem(exception), instance: path };
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${redactQuery(request.url)} failed: ${describeError(exception)}`);
    }
    if (exception instanceof ProblemException && exception.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: 'about:blank',
        title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail ?? exception.message),
      };
    }
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return {
        type: 'about:blank',
        title: HttpStatus[statusCode]?.replace(/_/g, ' ').toLowerCase() ?? 'bad request',
        status: statusCode,
        detail: (exception as Error).message,
      };
    }
    return { type: 'about:blank', title: 'internal server error', status: 500 };
  }
}

/**
 * The error, then each cause down the chain: clients wrap the error that says what happened (a
 * gRPC status and its details under Temporal's "Failed to start Workflow", a driver's code under
 * Prisma's) and the wrapper alone does not tell a deadline from a refusal. With `stack`, the
 * wrapper's stack and one line per cause; without, one line.
 */
export function describeError(exception: unknown, { stack = true } = {}): string {
  const first = exception instanceof Error ? (stack ? (exception.stack ?? exception.message) : `${exception.name}: ${exception.message}`) : String(exception);
  const lines = [first];
  let cause = (exception as { cause?: unknown } | null)?.cause;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 5; depth += 1) {
    const { code, details } = cause as { code?: unknown; details?: unknown };
    const extra = [code !== undefined ? `code ${String(code)}` : '', typeof details === 'string' ? details : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}${extra ? ` (${extra})` : ''}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  return lines.join(stack ? '\n' : '; ');
}
