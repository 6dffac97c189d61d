import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, redactQuery } from '@bishan/service-runtime';

/** GeoReport v2's error shape: a list of {code, description}. */
export type Open311Error = { code: number; description: string };

export class Open311Exception extends HttpException {
  constructor(status: number, description: string) {
    super([{ code: status, description }] satisfies Open311Error[], status);
  }
}

/**
 * On the Open311 routes errors keep the status the rest of the API would answer, but in the body
 * 311 clients read: one {code, description} per problem, a field named by its Open311 name.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, errors } = open311ErrorsOf(exception);
    if (status >= 500) this.logger.error(`${request.method} ${redactQuery(request.url)} failed: ${String(exception)}`);
    if (exception instanceof ProblemException && exception.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(errors);
  }
}

export function open311ErrorsOf(exception: unknown): { status: number; errors: Open311Error[] } {
  if (exception instanceof ProblemException) {
    const { status, detail, title, errors } = exception.problem;
    if (errors?.length)
      return {
        status,
        errors: errors.map((e) => {
          const field = e.field.replace(/^(body|query|path)\.?/, '');
          return { code: status, description: field ? `${field}: ${e.message}` : e.message };
        }),
      };
    return { status, errors: [{ code: status, description: detail ?? title }] };
  }
  if (exception instanceof Open311Exception) {
    return { status: exception.getStatus(), errors: exception.getResponse() as Open311Error[] };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, errors: [{ code: status, description: exception.message }] };
  }
  const statusCode = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return { status: statusCode, errors: [{ code: statusCode, description: (exception as Error).message }] };
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    errors: [{ code: HttpStatus.INTERNAL_SERVER_ERROR, description: 'internal server error' }],
  };
}
