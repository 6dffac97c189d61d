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
import { open311FormatOf } from './open311-format';
import { xmlContentType, xmlList } from './open311-xml';

/** GeoReport v2's error shape: a list of {code, description}. */
export type Open311Error = { code: number; description: string };

export class Open311Exception extends HttpException {
  constructor(status: number, description: string) {
    super([{ code: status, description }] satisfies Open311Error[], status);
  }
}

/**
 * On the Open311 routes errors keep the status the rest of the API would answer, but in the body
 * 311 clients read: one {code, description} per problem, a field named by its Open311 name — as
 * JSON, or as `<errors><error>…` when the path asks for the .xml form. Every error under /open311/,
 * including those Fastify raises before a route runs (an unsupported media type, a body too large,
 * an unknown path), passes through here (see CaseApiErrorFilter).
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
    if (open311FormatOf(request.url) === 'xml') void reply.status(status).header('content-type', xmlContentType).send(xmlList('errors', 'error', errors));
    else void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(errors);
  }
}

/** What a 311 client sending another body type needs to hear. */
const BODY_TYPES = 'Open311 requests are posted as application/x-www-form-urlencoded or application/json';

export function open311ErrorsOf(exception: unknown): { status: number; errors: Open311Error[] } {
  const answer = errorsOf(exception);
  if (answer.status !== HttpStatus.UNSUPPORTED_MEDIA_TYPE) return answer;
  return { status: answer.status, errors: answer.errors.map((e) => ({ code: e.code, description: `${e.description}: ${BODY_TYPES}` })) };
}

function errorsOf(exception: unknown): { status: number; errors: Open311Error[] } {
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
  // Fastify's own refusals, before any route ran (a body too large, an unparseable body).
  const statusCode = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return { status: statusCode, errors: [{ code: statusCode, description: (exception as Error).message }] };
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    errors: [{ code: HttpStatus.INTERNAL_SERVER_ERROR, description: 'internal server error' }],
  };
}
