import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '@bishan/service-runtime';
import { Open311ErrorFilter } from './open311-error.filter';
import { isOpen311Path } from './open311-format';

/**
 * The case API's one error filter: problem+json everywhere but under /open311/, where 311 clients
 * read GeoReport v2's own error list. Chosen by path rather than by the route's own filter, so the
 * errors raised before any route runs (415, 413, an unknown Open311 path) are answered in kind too.
 */
@Catch()
export class CaseApiErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();
  private readonly open311 = new Open311ErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const { url } = host.switchToHttp().getRequest<FastifyRequest>();
    (isOpen311Path(url) ? this.open311 : this.problems).catch(exception, host);
  }
}
