import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { DevLoginHandler } from './dev-login.handler';
import { devLoginBody, devUsersQuery, type DevLoginBody, type DevUsersQuery } from './dev-login.schemas';

/** Exists only with AUTH_MODE=development (404 otherwise). */
@ApiTags('auth')
@Controller('auth')
export class DevAuthController {
  constructor(private readonly devLogin: DevLoginHandler) {}

  @Get('dev-users')
  @ApiOperation({ summary: 'Seed users who can log in, filtered by role and town (development mode only)' })
  users(@Query(new ZodValidationPipe(devUsersQuery, 'query')) query: DevUsersQuery) {
    return this.devLogin.listUsers(query);
  }

  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed token for a seed user in one of their roles (development mode only)' })
  @ApiBody({ schema: openApiSchemaOf(devLoginBody) })
  login(@Body(new ZodValidationPipe(devLoginBody)) body: DevLoginBody) {
    return this.devLogin.login(body);
  }
}
