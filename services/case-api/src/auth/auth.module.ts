import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { devSigningKeyProvider, tokenVerifierProvider } from './auth-keys.provider';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DevAuthController } from './dev-login/dev-auth.controller';
import { DevLoginHandler } from './dev-login/dev-login.handler';

/** Bearer tokens on every route but the public ones, and the development login. */
@Module({
  controllers: [DevAuthController],
  providers: [
    devSigningKeyProvider,
    tokenVerifierProvider,
    DevLoginHandler,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
})
export class AuthModule {}
