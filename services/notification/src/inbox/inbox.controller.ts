import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Sse,
  UseGuards,
  type MessageEvent,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, type Observable } from 'rxjs';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ZodValidationPipe } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';
import { InboxStream } from './inbox-stream';

const accessToken = z.string().optional();

const inboxQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    access_token: accessToken,
  })
  .strict();

const markReadBody = z.union([
  z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

const streamQuery = z.object({ access_token: accessToken }).strict();

/** Comment lines keep proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

@ApiTags('inbox')
@UseGuards(TokenAuthGuard)
@Controller('notifications')
export class InboxController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly stream: InboxStream,
  ) {}

  @Get('me')
  @ApiOperation({ summary: "The caller's inbox, newest first, a page at a time" })
  async mine(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(inboxQuery, 'query')) query: z.infer<typeof inboxQuery>,
  ) {
    const where = { recipient: actor.id, ...(query.unread === 'true' ? { readAt: null } : {}) };
    const [items, total, unread] = await Promise.all([
      this.db.notificationMessage.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.notificationMessage.count({ where }),
      this.db.notificationMessage.count({ where: { recipient: actor.id, readAt: null } }),
    ]);
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
    const marked = await this.db.notificationMessage.updateMany({
      where: { recipient: actor.id, readAt: null, ...('ids' in body ? { id: { in: body.ids } } : {}) },
      data: { readAt: new Date() },
    });
    const unread = await this.db.notificationMessage.count({ where: { recipient: actor.id, readAt: null } });
    return { marked: marked.count, unread };
  }

  @Sse('stream')
  @ApiOperation({
    summary: "The caller's new inbox messages as Server-Sent Events (token by header or ?access_token=)",
  })
  live(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(streamQuery, 'query')) _query: z.infer<typeof streamQuery>,
  ): Observable<MessageEvent> {
    return merge(
      this.stream
        .of(actor.id)
        .pipe(map((message): MessageEvent => ({ id: message.id, type: 'notification', data: message }))),
      interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'keep-alive', data: '' }))),
    );
  }
}
