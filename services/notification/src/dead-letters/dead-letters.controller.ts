import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { deadLetterId } from '@bishan/messaging';
import { CurrentActor, ProblemException, requireRole, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { DeadLettersService } from './dead-letters.service';

const replayBody = z
  .object({
    ids: z
      .array(z.string().regex(/^\d+:\d+$/, 'must be "<partition>:<offset>"'))
      .min(1)
      .max(1000)
      .optional(),
  })
  .strict();

@ApiTags('dead letters')
@UseGuards(TokenAuthGuard)
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Messages on the dead-letter topic, with the reason each was parked' })
  async list(@CurrentActor() actor: Actor) {
    requireRole(actor, 'admin');
    return (await this.deadLetters.list()).map((letter) => ({
      id: deadLetterId(letter),
      ...letter,
      reason: letter.headers['dead-letter-reason'] ?? null,
      source: letter.headers['dead-letter-source'] ?? null,
    }));
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replays the dead letters named by id, or all when no ids are given' })
  async replay(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(replayBody)) body: z.infer<typeof replayBody>,
  ) {
    requireRole(actor, 'admin');
    const outcome = await this.deadLetters.replay(body.ids);
    if (outcome.unknown.length > 0)
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'dead letter not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no dead letter ${outcome.unknown.join(', ')} on the topic; nothing was replayed`,
        errors: [{ field: 'body.ids', message: `unknown: ${outcome.unknown.join(', ')}` }],
      });
    return outcome;
  }
}
