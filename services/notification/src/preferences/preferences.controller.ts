import { Body, Controller, Get, Inject, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ZodValidationPipe } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';
import { defaultChannels, personChannels, preferenceOf } from './preference';
import { wallClockTime } from './quiet-hours';

const time = z.string().regex(wallClockTime, 'must be a time "HH:MM" (Beijing time)');

const preferenceBody = z
  .object({
    channels: z.array(z.enum(personChannels)).max(personChannels.length),
    email: z.string().email().max(200).nullable().default(null),
    phone: z
      .string()
      .regex(/^\+?\d{6,15}$/, 'must be a phone number of 6 to 15 digits')
      .nullable()
      .default(null),
    quietHours: z.object({ start: time, end: time }).strict().nullable().default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.channels.includes('sms') && !value.phone)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['phone'],
        message: 'required when channels include sms',
      });
  });

@ApiTags('preferences')
@UseGuards(TokenAuthGuard)
@Controller('notifications/me/preferences')
export class PreferencesController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: "The caller's channels, addresses and quiet hours (defaults when never set)" })
  async read(@CurrentActor() actor: Actor) {
    const stored = preferenceOf(
      await this.db.notificationPreference.findUnique({ where: { personId: actor.id } }),
    );
    return (
      stored ?? {
        personId: actor.id,
        channels: [...defaultChannels],
        email: null,
        phone: null,
        quietHours: null,
      }
    );
  }

  @Put()
  @ApiOperation({ summary: "Replaces the caller's preferences; quiet hours defer all but urgent messages" })
  async update(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(preferenceBody)) body: z.infer<typeof preferenceBody>,
  ) {
    const data = {
      channels: JSON.stringify([...new Set(body.channels)]),
      email: body.email,
      phone: body.phone,
      quietStart: body.quietHours?.start ?? null,
      quietEnd: body.quietHours?.end ?? null,
      updatedAt: new Date(),
    };
    const row = await this.db.notificationPreference.upsert({
      where: { personId: actor.id },
      create: { personId: actor.id, ...data },
      update: data,
    });
    return preferenceOf(row);
  }
}
