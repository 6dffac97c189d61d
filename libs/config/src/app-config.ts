import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { securityConfigOf, securityEnvShape, securityIssues } from './security-config';
import { authSafetyIssues } from './auth-safety';
import { tracingConfigOf, tracingEnvShape, tracingIssues } from './tracing-config';

// The one place that reads process.env. Every service takes an AppConfig; a missing or malformed
// value stops the process at start-up with one line naming the variable.

const port = z.coerce.number().int().min(1).max(65535);

const durationMs = z.coerce.number().int().positive();

/** 'true' or 'false' only: a typo must not quietly turn TLS off. */
const onOff = z
  .enum(['true', 'false'], { errorMap: () => ({ message: "must be 'true' or 'false'" }) })
  .default('false')
  .transform((value) => value === 'true');

/** A PEM file (certificate or key) named by path; read and checked once, at start-up. */
const pemFile = z.string().min(1).optional();

// Variables naming PEM files; superRefine reads each one set, so a wrong path stops the process.
const pemVariables = [
  'TEMPORAL_TLS_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
] as const;

export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql://')
      .default('file:.local/data/bishan.db'),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('cases'),
    TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
    /**
     * Open cases a worker keeps in memory between their workflow tasks (Temporal's sticky cache).
     * Beyond it the least recently used is evicted and replayed from its history when it next
     * wakes; the SDK's own default grows with the heap (≈2,300 on a 1.5 GiB heap) and holds memory.
     * A cached case holds about 275 KiB of the workflow thread's heap: 250 keep the worker under 1 GiB
     * (test/bench/README.md, "The case worker's memory"). At 20 new cases a second a case then stays
     * cached about 12 s after its last step; one that wakes later (most do: a case's steps are hours
     * apart) replays its history, as it would after a restart.
     */
    TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
    /**
     * TLS to the Temporal frontend. With TEMPORAL_TLS_CERT_FILE and _KEY_FILE the services present a
     * client certificate (mutual TLS, as a frontend with requireClientAuth demands); the CA file
     * replaces the system's roots; the server name overrides the one checked in the certificate.
     */
    TEMPORAL_TLS: onOff,
    TEMPORAL_TLS_CA_FILE: pemFile,
    TEMPORAL_TLS_CERT_FILE: pemFile,
    TEMPORAL_TLS_KEY_FILE: pemFile,
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).max(253).optional(),
    KAFKA_BROKERS: z
      .string()
      .min(1)
      .default('127.0.0.1:9092')
      .transform((s) => s.split(',').map((b) => b.trim()))
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1)),
    KAFKA_CLIENT_ID: z.string().min(1).default('bishan'),
    /** TLS to the brokers; the CA file replaces the system's roots, cert + key add a client certificate. */
    KAFKA_SSL: onOff,
    KAFKA_SSL_CA_FILE: pemFile,
    KAFKA_SSL_CERT_FILE: pemFile,
    KAFKA_SSL_KEY_FILE: pemFile,
    /** SASL authentication to the brokers (SCRAM); needs KAFKA_SSL=true, so no password crosses in clear. */
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).max(255).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    /**
     * How the services create the topics they rely on when they are missing (existing topics are left
     * as they are): a single broker needs 1; a cluster of three, 3 with min.insync.replicas 2.
     */
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
    KAFKA_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(32).default(1),
    /** Unset: the broker's own default applies. */
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(32).optional(),
    /** Lets a test run its own consumer groups beside a running system on the same broker. */
    KAFKA_CONSUMER_GROUP_PREFIX: z
      .string()
      .regex(/^[\w.-]*$/)
      .default(''),
    /** Namespaces the topics of one deployment on a shared broker (see topicsWithPrefix in @bishan/contracts). */
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[\w.-]*$/, 'letters, digits, ".", "_" and "-" only')
      .max(100)
      .default(''),
    CASE_API_PORT: port.default(3000),
    CASE_WORKER_PORT: port.default(3001),
    NOTIFICATION_PORT: port.default(3002),
    REPORTING_PORT: port.default(3003),
    /**
     * The policy version new cases pin; unset means the latest published one. Demonstrations and
     * real-time tests choose 'demo-compressed' (a working day lasts seconds); callers cannot.
     */
    CASE_POLICY_VERSION: z.string().min(1).max(50).optional(),
    /** How often the schedule looks for concentrated issues among open cases; 0 turns it off. */
    CLUSTER_SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    OUTBOX_POLL_INTERVAL_MS: durationMs.default(200),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
    /** Refusals of one event (while the broker takes others) after which the relay parks it for an admin. */
    OUTBOX_PARK_AFTER_REFUSALS: z.coerce.number().int().min(1).max(1000).default(5),
    /** `development` signs its own tokens for seeded users (dev login); `oidc` trusts an issuer's keys. */
    AUTH_MODE: z.enum(['development', 'oidc']).default('development'),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    OIDC_JWKS_URL: z.string().url().optional(),
    /**
     * The web console as an OpenID Connect client (authorization code + PKCE); only the web server
     * reads these, so only it requires them (oidcClientConfigOf). The secret is for a confidential
     * client; a public one leaves it unset and relies on PKCE alone.
     */
    OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_REDIRECT_URL: z.string().url().optional(),
    OIDC_SCOPES: z
      .string()
      .default('openid profile')
      .transform((s) => s.split(/\s+/).filter(Boolean))
      .refine((scopes) => scopes.includes('openid'), 'must include openid'),
    /** Where the issuer sends people after logging out; unset means the console's own root. */
    OIDC_POST_LOGOUT_REDIRECT_URL: z.string().url().optional(),
    /** HS256 key of development tokens; unset means a random one per process (tokens die with it). */
    DEV_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The explicit opt-in that lets AUTH_MODE=development run with NODE_ENV=production (auth-safety.ts). */
    ALLOW_DEV_LOGIN: z.enum(['0', '1'], { errorMap: () => ({ message: "must be '1' (or '0')" }) }).optional(),
    /**
     * Who may hold the admin role: the organisation names every other role's people, but not its
     * administrators. Person ids, comma-separated; a token claiming admin for anyone else is refused.
     */
    AUTH_ADMIN_IDS: z
      .string()
      .default('admin')
      .transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean)),
    /**
     * The console's session keys (services/web): they seal its sign-in cookie and encrypt the tokens
     * its sessions keep in the database. The previous key still opens what it sealed, for rotation.
     */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_PREVIOUS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * The bearer token GET /metrics asks for. Unset: metrics are open outside production (loopback
     * development) and switched off in production, where they would tell anyone how the district works.
     */
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Outgoing mail of the notification service; no host means the email channel is off. */
    NOTIFY_SMTP_HOST: z.string().min(1).max(255).optional(),
    NOTIFY_SMTP_PORT: port.default(25),
    NOTIFY_SMTP_FROM: z.string().email().default('notify@bishan.example'),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    NOTIFY_SMTP_SECURE: z.enum(['true', 'false']).default('false'),
    /** Mail domain of people whose preferences name no address: `<person id>@<domain>`. */
    NOTIFY_EMAIL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name')
      .default('bishan.example'),
    /** Attempts per delivery (email, webhook, SMS) before it is dead-lettered. */
    NOTIFY_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /** First pause after a failed delivery; it doubles with every further failure. */
    NOTIFY_DELIVERY_BACKOFF_MS: durationMs.default(5_000),
    NOTIFY_DISPATCH_INTERVAL_MS: durationMs.default(500),
    NOTIFY_SMS_PROVIDER: z.enum(['log']).default('log'),
    ...securityEnvShape,
    ...tracingEnvShape,
    AUTH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),
  })
  .superRefine((env, ctx) => {
    for (const { variable, message } of authSafetyIssues(env))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
  })
  .superRefine((env, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (env.AUTH_MODE === 'oidc') {
      for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
        if (!env[name]) issue(name, 'required when AUTH_MODE=oidc');
      }
    }
    for (const name of pemVariables) {
      const file = env[name];
      if (file === undefined) continue;
      const problem = pemProblem(file);
      if (problem) issue(name, problem);
    }
    // A TLS setting without its switch would be ignored: say so instead of connecting in clear.
    for (const [flag, names] of [
      ['TEMPORAL_TLS', ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_SERVER_NAME']],
      ['KAFKA_SSL', ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']],
    ] as const) {
      for (const name of names) if (env[name] !== undefined && !env[flag]) issue(name, `set only with ${flag}=true`);
    }
    for (const [cert, key] of [
      ['TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'],
      ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'],
    ] as const) {
      if ((env[cert] === undefined) !== (env[key] === undefined)) issue(env[cert] ? key : cert, `required together with ${env[cert] ? cert : key}`);
    }
    if (env.KAFKA_SASL_MECHANISM) {
      for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
        if (!env[name]) issue(name, 'required when KAFKA_SASL_MECHANISM is set');
      }
      if (!env.KAFKA_SSL) issue('KAFKA_SASL_MECHANISM', 'needs KAFKA_SSL=true (credentials never cross in clear)');
    } else {
      for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
        if (env[name] !== undefined) issue(name, 'set only with KAFKA_SASL_MECHANISM');
      }
    }
    if (
      env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS !== undefined &&
      env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS > env.KAFKA_TOPIC_REPLICATION_FACTOR
    ) {
      issue('KAFKA_TOPIC_MIN_INSYNC_REPLICAS', 'must not exceed KAFKA_TOPIC_REPLICATION_FACTOR (no write could ever succeed)');
    }
  })
  .superRefine((env, ctx) => {
    for (const { variable, message } of [...securityIssues(env), ...tracingIssues(env)])
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
  })
  .transform((env) => ({
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    databaseUrl: resolveSqlitePath(env.DATABASE_URL),
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiUrl: env.TEMPORAL_UI_URL,
      maxCachedWorkflows: env.TEMPORAL_MAX_CACHED_WORKFLOWS,
      tls: env.TEMPORAL_TLS
        ? {
            serverName: env.TEMPORAL_TLS_SERVER_NAME ?? null,
            ca: readPem(env.TEMPORAL_TLS_CA_FILE),
            cert: readPem(env.TEMPORAL_TLS_CERT_FILE),
            key: readPem(env.TEMPORAL_TLS_KEY_FILE),
          }
        : null,
    },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      consumerGroupPrefix: env.KAFKA_CONSUMER_GROUP_PREFIX,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      ssl: env.KAFKA_SSL
        ? {
            ca: readPem(env.KAFKA_SSL_CA_FILE),
            cert: readPem(env.KAFKA_SSL_CERT_FILE),
            key: readPem(env.KAFKA_SSL_KEY_FILE),
          }
        : null,
      sasl:
        env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
          ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD }
          : null,
      topics: {
        partitions: env.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
        minInsyncReplicas: env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS ?? null,
      },
    },
    ports: {
      caseApi: env.CASE_API_PORT,
      caseWorker: env.CASE_WORKER_PORT,
      notification: env.NOTIFICATION_PORT,
      reporting: env.REPORTING_PORT,
    },
    cases: { policyVersion: env.CASE_POLICY_VERSION },
    clusterSweep: { intervalMinutes: env.CLUSTER_SWEEP_INTERVAL_MINUTES },
    outbox: {
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      batchSize: env.OUTBOX_BATCH_SIZE,
      parkAfterRefusals: env.OUTBOX_PARK_AFTER_REFUSALS,
    },
    auth: authConfigOf(env),
    /** The console's session keys; null when unset (the console then makes one per process, outside production). */
    session: { secret: env.SESSION_SECRET ?? null, previousSecret: env.SESSION_PREVIOUS_SECRET ?? null },
    metrics: { token: env.METRICS_TOKEN ?? null, enabled: env.METRICS_TOKEN !== undefined || env.NODE_ENV !== 'production' },
    /** Raw, possibly incomplete: read through oidcClientConfigOf, which names what is missing. */
    oidcClient: {
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      redirectUrl: env.OIDC_REDIRECT_URL,
      scopes: env.OIDC_SCOPES,
      postLogoutRedirectUrl: env.OIDC_POST_LOGOUT_REDIRECT_URL,
    },
    notify: {
      smtp: env.NOTIFY_SMTP_HOST
        ? {
            host: env.NOTIFY_SMTP_HOST,
            port: env.NOTIFY_SMTP_PORT,
            from: env.NOTIFY_SMTP_FROM,
            secure: env.NOTIFY_SMTP_SECURE === 'true',
          }
        : null,
      emailDomain: env.NOTIFY_EMAIL_DOMAIN,
      maxAttempts: env.NOTIFY_DELIVERY_MAX_ATTEMPTS,
      backoffMs: env.NOTIFY_DELIVERY_BACKOFF_MS,
      dispatchIntervalMs: env.NOTIFY_DISPATCH_INTERVAL_MS,
      smsProvider: env.NOTIFY_SMS_PROVIDER,
    },
    ...securityConfigOf(env, workspaceRoot()),
    tracing: tracingConfigOf(env),
  }));

export type AppConfig = z.output<typeof appConfigSchema>;
export type TemporalConfig = AppConfig['temporal'];
export type KafkaConfig = AppConfig['kafka'];

/** Why a PEM file cannot be used, or null when it can (read once here, again when the config is built). */
function pemProblem(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(resolve(workspaceRoot(), file), 'utf8');
  } catch (error) {
    return `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return text.includes('-----BEGIN ') ? null : 'not a PEM file (no -----BEGIN line)';
}

/** PEM text of a file the schema has already checked; relative paths are taken from the repository root. */
function readPem(file: string | undefined): string | null {
  return file === undefined ? null : readFileSync(resolve(workspaceRoot(), file), 'utf8');
}

/**
 * What @temporalio/client's Connection and @temporalio/worker's NativeConnection take to reach the
 * configured frontend: the address and, when TEMPORAL_TLS=true, the TLS settings (with a client
 * certificate: mutual TLS).
 */
export function temporalConnectionOptionsOf(temporal: TemporalConfig): {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
} {
  const { tls } = temporal;
  if (!tls) return { address: temporal.address };
  return {
    address: temporal.address,
    tls: {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(tls.ca ? { serverRootCACertificate: Buffer.from(tls.ca) } : {}),
      ...(tls.cert && tls.key ? { clientCertPair: { crt: Buffer.from(tls.cert), key: Buffer.from(tls.key) } } : {}),
    },
  };
}

/** Issuer and audience of the tokens the development login signs (and the only ones it accepts). */
export const devTokenIssuer = 'bishan-dev-login';
export const devTokenAudience = 'bishan-case-api';

/** `adminIds`: the people who may hold the admin role (AUTH_ADMIN_IDS). */
export type AuthConfig =
  | { mode: 'development'; issuer: string; audience: string; devSecret?: string; tokenTtlSeconds: number; adminIds: string[] }
  | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string; tokenTtlSeconds: number; adminIds: string[] };

function authConfigOf(env: {
  AUTH_MODE: 'development' | 'oidc';
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_JWKS_URL?: string;
  DEV_AUTH_SECRET?: string;
  AUTH_TOKEN_TTL_SECONDS: number;
  AUTH_ADMIN_IDS: string[];
}): AuthConfig {
  const tokenTtlSeconds = env.AUTH_TOKEN_TTL_SECONDS;
  const adminIds = env.AUTH_ADMIN_IDS;
  if (env.AUTH_MODE === 'oidc') {
    const { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: jwksUrl } = env;
    // superRefine has already refused a missing one with a line naming it.
    if (!issuer || !audience || !jwksUrl)
      throw new ConfigError(
        'invalid configuration — AUTH_MODE=oidc needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL',
      );
    return { mode: 'oidc', issuer, audience, jwksUrl, tokenTtlSeconds, adminIds };
  }
  return {
    mode: 'development',
    issuer: devTokenIssuer,
    audience: devTokenAudience,
    devSecret: env.DEV_AUTH_SECRET,
    tokenTtlSeconds,
    adminIds,
  };
}

/** The console's client registration at the issuer, for the authorization-code flow. */
export interface OidcClientConfig {
  clientId: string;
  clientSecret: string | null;
  redirectUrl: string;
  scopes: string[];
  postLogoutRedirectUrl: string;
}

/**
 * The web console's OpenID Connect client settings out of a loaded config; a ConfigError naming each
 * missing variable. Kept out of loadConfig's own checks because no other service is a client.
 */
export function oidcClientConfigOf(config: AppConfig): OidcClientConfig {
  if (config.auth.mode !== 'oidc')
    throw new ConfigError("invalid configuration — AUTH_MODE: the console's OIDC login needs AUTH_MODE=oidc");
  const { clientId, clientSecret, redirectUrl, scopes, postLogoutRedirectUrl } = config.oidcClient;
  const missing = [!clientId && 'OIDC_CLIENT_ID', !redirectUrl && 'OIDC_REDIRECT_URL'].filter(Boolean);
  if (!clientId || !redirectUrl)
    throw new ConfigError(
      `invalid configuration — ${missing.map((name) => `${name}: required when AUTH_MODE=oidc (the console is the OIDC client)`).join('; ')}`,
    );
  return {
    clientId,
    clientSecret: clientSecret ?? null,
    redirectUrl,
    scopes,
    postLogoutRedirectUrl: postLogoutRedirectUrl ?? new URL('/', redirectUrl).toString(),
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws ConfigError whose message is one line per offending variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = appConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) =>
      `${issue.path.join('.') || 'environment'}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
  );
  throw new ConfigError(`invalid configuration — ${lines.join('; ')}`);
}

// SQLite paths are relative to the repository root, not to whichever directory a service starts in.
function resolveSqlitePath(url: string): string {
  if (!url.startsWith('file:')) return url;
  const file = url.slice('file:'.length);
  return `file:${resolve(workspaceRoot(), file)}`;
}

export function workspaceRoot(): string {
  return resolve(__dirname, '../../..');
}
