import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException, type AuthenticatedRequest } from '@bishan/service-runtime';
import { StreamTickets } from '../inbox/stream-tickets';

/**
 * The event stream's own credential: a one-use ticket (`?ticket=`) from POST
 * /notifications/stream-tickets. It names the actor and when their token expires.
 */
@Injectable()
export class StreamTicketGuard implements CanActivate {
  constructor(private readonly tickets: StreamTickets) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const ticket = (request.query as Record<string, unknown> | undefined)?.['ticket'];
    const spent = typeof ticket === 'string' && ticket.length <= 100 ? await this.tickets.spend(ticket) : null;
    if (!spent)
      throw new ProblemException({
        type: 'https://bishan.example/problems/unauthenticated',
        title: 'authentication required',
        status: HttpStatus.UNAUTHORIZED,
        detail: 'the stream needs a fresh ticket (POST /notifications/stream-tickets); each ticket opens one stream, within 30 s',
      });
    request.actor = spent.actor;
    request.tokenExpiresAt = spent.tokenExpiresAt;
    return true;
  }
}
