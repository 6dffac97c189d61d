import { z } from 'zod';
import { loadConfig, oidcClientConfigOf, type AppConfig, type OidcClientConfig } from '@bishan/config';

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
});

export interface WebConfig {
  port: number;
  distDir?: string;
  upstreams: { case: string; notification: string; reporting: string };
  /** The console as the issuer's client (AUTH_MODE=oidc); null with the development login. */
  oidc: { issuer: string; audience: string; jwksUrl: string; client: OidcClientConfig } | null;
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
  return {
    port: own.WEB_PORT,
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
            client: oidcClientConfigOf(shared),
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
