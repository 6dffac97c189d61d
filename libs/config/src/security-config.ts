import { z } from 'zod';
import { resolve } from 'node:path';

// The environment of the limits, the audit keys and the outbound-call rules: read with the rest of
// AppConfig (app-config.ts spreads these in), kept apart so each concern reads as one block.

/** 'true' or 'false' only: a typo must not quietly open something. */
const flag = z
  .enum(['true', 'false'], { errorMap: () => ({ message: "must be 'true' or 'false'" }) })
  .default('false')
  .transform((value) => value === 'true');

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean),
    );

/** `id:secret,id:secret`: every key the audit chains may have been signed with; the current one signs. */
const auditKeys = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const keys = value.split(',').map((pair) => {
      const colon = pair.indexOf(':');
      return { id: pair.slice(0, colon).trim(), secret: pair.slice(colon + 1).trim() };
    });
    for (const key of keys) {
      if (!/^[\w.-]{1,40}$/.test(key.id))
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'each key is id:secret, the id 1–40 letters, digits, ".", "_" or "-"' });
      else if (key.secret.length < 32)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key '${key.id}': the secret must be at least 32 characters` });
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a key id appears twice' });
    return keys;
  });

export const securityEnvShape = {
  /** Writes (POST, PUT, PATCH, DELETE) one person may send per minute, per service instance. */
  RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE: count(1_000_000).default(30),
  /** Writes one client address may send per minute, whoever signs them. */
  RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE: count(1_000_000).default(120),
  /**
   * Requests one service instance works on at once; one more is answered 503 with Retry-After at
   * once (load shedding), instead of waiting behind work the instance cannot finish in time.
   */
  HTTP_MAX_REQUESTS_IN_FLIGHT: count(100_000).default(256),
  /** Cases one resident may raise per day (Asia/Shanghai), across all instances. */
  RAISE_QUOTA_PER_RESIDENT_PER_DAY: count(1_000_000).default(10),
  /** Event streams (notification SSE) one person may hold open at once, per instance. */
  STREAMS_PER_PERSON: count(1_000).default(3),
  /** Rows a ledger export (CSV or Excel) may hold; a larger one is refused with a hint to filter. */
  EXPORT_MAX_ROWS: count(1_000_000).default(20_000),
  /** How long a stored Idempotency-Key response is kept; older ones are pruned. */
  IDEMPOTENCY_RETENTION_HOURS: count(24 * 90).default(24),
  /** Hosts group-robot webhooks may post to (https only): WeCom's and DingTalk's robot APIs. */
  NOTIFY_WEBHOOK_ALLOWED_HOSTS: list('qyapi.weixin.qq.com,oapi.dingtalk.com'),
  /** Lets webhooks reach loopback receivers over http (tests with a local receiver); refused in production. */
  NOTIFY_WEBHOOK_ALLOW_LOOPBACK: flag,
  /** HMAC keys of the audit chains, `id:secret,…` (secrets ≥ 32 characters); kept outside the database. */
  AUDIT_KEYS: auditKeys,
  /** The key that signs new entries; the first of AUDIT_KEYS when unset. */
  AUDIT_KEY_ID: z.string().min(1).max(40).optional(),
  /**
   * The append-only file chain heads are anchored to (besides the Kafka topic), on storage the
   * database's administrators cannot rewrite (WORM, `chattr +a`, another host). Required in
   * production; elsewhere `.local/audit/anchors.jsonl`.
   */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** How often the case worker anchors the chain heads; 0 turns anchoring off (refused in production). */
  AUDIT_ANCHOR_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
};

type SecurityEnv = z.output<z.ZodObject<typeof securityEnvShape>> & { NODE_ENV: string };

/** Outside production only: where anchors go when AUDIT_ANCHOR_FILE is unset. */
const DEVELOPMENT_ANCHOR_FILE = '.local/audit/anchors.jsonl';

/** Development and test only: a well-known key, so a chain signed with it proves nothing. */
export const developmentAuditKey = { id: 'development', secret: 'bishan-development-audit-key-not-a-secret' } as const;

export interface AuditKey {
  readonly id: string;
  readonly secret: string;
}

/** What must not be left at a development default in production, one line per variable. */
export function securityIssues(env: SecurityEnv): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  if (env.AUDIT_KEY_ID !== undefined && !(env.AUDIT_KEYS ?? []).some((k) => k.id === env.AUDIT_KEY_ID))
    issues.push({ variable: 'AUDIT_KEY_ID', message: 'must name one of the keys in AUDIT_KEYS' });
  if (env.NODE_ENV !== 'production') return issues;
  if (!env.AUDIT_KEYS?.length)
    issues.push({ variable: 'AUDIT_KEYS', message: 'required in production: the audit chains are keyed with it' });
  if (env.NOTIFY_WEBHOOK_ALLOW_LOOPBACK)
    issues.push({ variable: 'NOTIFY_WEBHOOK_ALLOW_LOOPBACK', message: 'a test switch: refused in production' });
  if (env.AUDIT_ANCHOR_FILE === undefined)
    issues.push({ variable: 'AUDIT_ANCHOR_FILE', message: 'required in production: the audit chains are anchored to this append-only file' });
  if (env.AUDIT_ANCHOR_INTERVAL_SECONDS === 0)
    issues.push({ variable: 'AUDIT_ANCHOR_INTERVAL_SECONDS', message: 'anchoring cannot be off in production' });
  return issues;
}

export function securityConfigOf(env: SecurityEnv, workspaceRoot: string) {
  const keys: readonly AuditKey[] = env.AUDIT_KEYS?.length ? env.AUDIT_KEYS : [developmentAuditKey];
  const signingKey = keys.find((k) => k.id === env.AUDIT_KEY_ID) ?? (keys[0] as AuditKey);
  return {
    limits: {
      writesPerPersonPerMinute: env.RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE,
      writesPerAddressPerMinute: env.RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE,
      requestsInFlight: env.HTTP_MAX_REQUESTS_IN_FLIGHT,
      raisesPerResidentPerDay: env.RAISE_QUOTA_PER_RESIDENT_PER_DAY,
      streamsPerPerson: env.STREAMS_PER_PERSON,
      exportMaxRows: env.EXPORT_MAX_ROWS,
      idempotencyRetentionHours: env.IDEMPOTENCY_RETENTION_HOURS,
    },
    webhooks: { allowedHosts: env.NOTIFY_WEBHOOK_ALLOWED_HOSTS, allowLoopback: env.NOTIFY_WEBHOOK_ALLOW_LOOPBACK },
    audit: {
      keys,
      signingKeyId: signingKey.id,
      anchorFile: resolve(workspaceRoot, env.AUDIT_ANCHOR_FILE ?? DEVELOPMENT_ANCHOR_FILE),
      anchorIntervalSeconds: env.AUDIT_ANCHOR_INTERVAL_SECONDS,
    },
  };
}

export type SecurityConfig = ReturnType<typeof securityConfigOf>;
