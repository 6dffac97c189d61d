import { randomBytes } from 'node:crypto';
import { Logger, type InjectionToken, type Provider } from '@nestjs/common';
import { createRemoteJWKSet } from 'jose';
import type { AppConfig } from '@bishan/config';
import { currentOrganisation, type Database } from '@bishan/db';
import { organisationGrants } from './organisation-grants';
import { TokenVerifier } from './token-verifier';

/** The HS256 secret development tokens are signed with; absent in oidc mode. */
export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

// The providers take the token the service's AppConfig is registered under: this library sits below
// the service runtime and does not import it.
export const devSigningKeyProvider = (appConfig: InjectionToken): Provider => ({
  provide: DEV_SIGNING_KEY,
  inject: [appConfig],
  useFactory: ({ auth }: AppConfig): Uint8Array | null => {
    if (auth.mode !== 'development') return null;
    if (auth.devSecret) return new TextEncoder().encode(auth.devSecret);
    // Never a secret in the code: a fresh one per process, said out loud since it logs everyone out.
    new Logger('auth').warn(
      'DEV_AUTH_SECRET is not set: signing development tokens with a random secret; tokens do not survive a restart',
    );
    return randomBytes(32);
  },
});

/** Verifies tokens as the mode says, and checks each actor against the organisation in the service's database. */
export const tokenVerifierProvider = (appConfig: InjectionToken, database: InjectionToken): Provider => ({
  provide: TOKEN_VERIFIER,
  inject: [appConfig, DEV_SIGNING_KEY, database],
  useFactory: ({ auth }: AppConfig, devKey: Uint8Array | null, db: Database): TokenVerifier => {
    const grants = organisationGrants(currentOrganisation(db), auth.adminIds);
    if (auth.mode === 'oidc') return new TokenVerifier(auth, createRemoteJWKSet(new URL(auth.jwksUrl)), grants);
    if (!devKey) throw new Error('development auth mode without a signing key');
    return new TokenVerifier(auth, devKey, grants);
  },
});
