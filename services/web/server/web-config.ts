import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, loadConfig, oidcClientConfigOf, type AppConfig, type OidcClientConfig } from '@bishan/config';

/**
 * The console's own settings beside the shared ones: where it listens, where the built assets are,
 * and where each upstream service is. Upstreams default to the shared port variables on loopback,
 * so one environment drives every service and the console alike.
 */
const webEnv = z.object({
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3004),
  WEB_DIST_DIR: z.string().min(1).optional(),
  CASE_API_URL: z.string().url().optional(),
  NOTIFICATION_URL: z.string().url().optional(),
  REPORTING_URL: z.string().url().optional(),
  /**
   * The console's origin as people reach it (https://console.example behind a TLS proxy). https
   * makes the session cookie Secure (__Host-) and adds HSTS; required, and https, in production.
   */
  WEB_PUBLIC_URL: z.string().url().optional(),
});

export interface WebConfig {
  nodeEnv: AppConfig['env'];
  port: number;
  /** Where the console keeps its sessions: the services' database. */
  databaseUrl: string;
  /** Served over TLS (WEB_PUBLIC_URL, else the OIDC redirect URL, is https). */
  tls: boolean;
  /** SESSION_SECRET (a random one per process outside production) and the previous one while rotating. */
  session: { secret: string; previousSecret: string | null };
  distDir?: string;
  upstreams: { case: string; notification: string; reporting: string };
  /** The console as the issuer's client (AUTH_MODE=oidc); null with the development login. */
  oidc: { issuer: string; audience: string; jwksUrl: string; adminIds: string[]; client: OidcClientConfig } | null;
  /** What the browser needs to know: how people sign in, and where the Temporal UI is. */
  client: {
    authMode: AppConfig['auth']['mode'];
    oidcIssuer: string | null;
    temporalUiUrl: string;
    temporalNamespace: string;
  };
}

export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const shared = loadConfig(env);
  const own = webEnv.parse(env);
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const oidc = shared.auth.mode === 'oidc' ? oidcClientConfigOf(shared) : null;
  if (shared.env === 'production') {
    const missing = [
      !shared.session.secret && 'SESSION_SECRET: required with NODE_ENV=production (the same random value for every console instance)',
      !own.WEB_PUBLIC_URL?.startsWith('https://') &&
        `WEB_PUBLIC_URL: with NODE_ENV=production the console's https:// origin (got ${JSON.stringify(own.WEB_PUBLIC_URL)})`,
    ].filter(Boolean);
    if (missing.length > 0) throw new ConfigError(`invalid configuration — ${missing.join('; ')}`);
  }
  return {
    nodeEnv: shared.env,
    port: own.WEB_PORT,
    databaseUrl: shared.databaseUrl,
    tls: (own.WEB_PUBLIC_URL ?? oidc?.redirectUrl ?? '').startsWith('https://'),
    // Outside production a missing secret is made per process: its sessions end with it.
    session: { secret: shared.session.secret ?? randomBytes(32).toString('hex'), previousSecret: shared.session.previousSecret },
    distDir: own.WEB_DIST_DIR,
    upstreams: {
      case: own.CASE_API_URL ?? local(shared.ports.caseApi),
      notification: own.NOTIFICATION_URL ?? local(shared.ports.notification),
      reporting: own.REPORTING_URL ?? local(shared.ports.reporting),
    },
    oidc:
      shared.auth.mode === 'oidc'
        ? {
            issuer: shared.auth.issuer,
            audience: shared.auth.audience,
            jwksUrl: shared.auth.jwksUrl,
            adminIds: shared.auth.adminIds,
            client: oidc ?? oidcClientConfigOf(shared),
          }
        : null,
    client: {
      authMode: shared.auth.mode,
      oidcIssuer: shared.auth.mode === 'oidc' ? shared.auth.issuer : null,
      temporalUiUrl: shared.temporal.uiUrl,
      temporalNamespace: shared.temporal.namespace,
    },
  };
}
