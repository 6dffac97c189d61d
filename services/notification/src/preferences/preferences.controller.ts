import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { CurrentActor, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { defaultChannels, personChannels, preferenceOf } from './preference';
import { PreferencesRepository } from './preferences.repository';
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
  constructor(private readonly preferences: PreferencesRepository) {}

  @Get()
  @ApiOperation({ summary: "The caller's channels, addresses and quiet hours (defaults when never set)" })
  async read(@CurrentActor() actor: Actor) {
    const stored = preferenceOf(await this.preferences.find(actor.id));
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
    const row = await this.preferences.save(
      actor.id,
      {
        channels: JSON.stringify([...new Set(body.channels)]),
        email: body.email,
        phone: body.phone,
        quietStart: body.quietHours?.start ?? null,
        quietEnd: body.quietHours?.end ?? null,
      },
      new Date(),
    );
    return preferenceOf(row);
  }
}
