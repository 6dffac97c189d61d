import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { devSigningKeyProvider, tokenVerifierProvider } from '@bishan/auth';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DevAuthController } from './dev-login/dev-auth.controller';
import { DevLoginHandler } from './dev-login/dev-login.handler';

/** Bearer tokens on every route but the public ones, and the development login. */
@Module({
  controllers: [DevAuthController],
  providers: [
    devSigningKeyProvider(APP_CONFIG),
    tokenVerifierProvider(APP_CONFIG, DATABASE),
    DevLoginHandler,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
})
export class AuthModule {}
