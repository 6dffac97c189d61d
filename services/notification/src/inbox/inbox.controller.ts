import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Sse,
  UseGuards,
  type MessageEvent,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { finalize, interval, map, merge, takeUntil, timer, type Observable } from 'rxjs';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { type AuthenticatedRequest, CurrentActor, tooManyRequests, ZodValidationPipe } from '@bishan/service-runtime';
import { StreamTicketGuard } from '../http/stream-ticket.guard';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { InboxStream } from './inbox-stream';
import { NotificationMessagesRepository } from './notification-messages.repository';
import { STREAM_RETRY_AFTER_SECONDS, StreamSlots } from './stream-slots';
import { StreamTickets } from './stream-tickets';

const inboxQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

const markReadBody = z.union([
  z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

const streamQuery = z.object({ ticket: z.string().min(1).max(100) }).strict();

/** Comment lines keep proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

@ApiTags('inbox')
@UseGuards(TokenAuthGuard)
@Controller('notifications')
export class InboxController {
  constructor(
    private readonly messages: NotificationMessagesRepository,
    private readonly stream: InboxStream,
    private readonly tickets: StreamTickets,
    private readonly slots: StreamSlots,
  ) {}

  @Get('me')
  @ApiOperation({ summary: "The caller's inbox, newest first, a page at a time" })
  async mine(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(inboxQuery, 'query')) query: z.infer<typeof inboxQuery>,
  ) {
    const { items, total, unread } = await this.messages.inboxPage(actor.id, { unreadOnly: query.unread === 'true', page: query.page, pageSize: query.pageSize });
    return { items, page: query.page, pageSize: query.pageSize, total, unread };
  }

  @Post('me/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks messages of the caller read: the ones named, or all' })
  async markRead(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(markReadBody)) body: z.infer<typeof markReadBody>,
  ) {
    // Only the caller's own messages; ids of others' messages simply match nothing.
    return this.messages.markRead(actor.id, 'ids' in body ? body.ids : 'all', new Date());
  }

  @Post('stream-tickets')
  @HttpCode(201)
  @ApiOperation({ summary: 'A one-use ticket (30 s) that opens one event stream of the caller: GET stream?ticket=' })
  async streamTicket(@CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest) {
    if (!request.tokenExpiresAt) throw new Error('the token guard left no expiry on the request');
    const { ticket, expiresAt } = await this.tickets.issue(actor, request.tokenExpiresAt);
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Opened with a ticket, not a token (StreamTicketGuard); ends when the token behind it expires.
   * A person holds at most STREAMS_PER_PERSON streams in this instance: one more is 429.
   */
  @Sse('stream')
  @UseGuards(StreamTicketGuard)
  @ApiOperation({ summary: "The caller's new inbox messages as Server-Sent Events (?ticket= from stream-tickets)" })
  live(
    @CurrentActor() actor: Actor,
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(streamQuery, 'query')) _query: z.infer<typeof streamQuery>,
  ): Observable<MessageEvent> {
    const release = this.slots.take(actor.id);
    if (!release)
      throw tooManyRequests(
        `at most ${this.slots.limit} event streams at once per person: close one (another tab or device) and retry`,
        STREAM_RETRY_AFTER_SECONDS,
      );
    const untilExpiry = timer(Math.max(0, (request.tokenExpiresAt?.getTime() ?? 0) - Date.now()));
    return merge(
      this.stream
        .of(actor.id)
        .pipe(map((message): MessageEvent => ({ id: message.id, type: 'notification', data: message }))),
      interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'keep-alive', data: '' }))),
    ).pipe(takeUntil(untilExpiry), finalize(release));
  }
}
