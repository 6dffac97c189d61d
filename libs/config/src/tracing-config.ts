import { z } from 'zod';

// The environment of OpenTelemetry tracing: read with the rest of AppConfig (app-config.ts spreads
// these in), kept apart so the concern reads as one block. The variable names are OpenTelemetry's own.

/** `key=value,key=value` (OTLP headers such as an API key); values may be percent-encoded. */
const otlpHeaders = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const headers: Record<string, string> = {};
    for (const pair of (value ?? '').split(',').filter((p) => p.trim() !== '')) {
      const equals = pair.indexOf('=');
      const name = pair.slice(0, Math.max(equals, 0)).trim();
      if (equals < 0 || !/^[\w-]{1,100}$/.test(name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be name=value pairs separated by commas',
        });
        return z.NEVER;
      }
      try {
        headers[name] = decodeURIComponent(pair.slice(equals + 1).trim());
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `the value of '${name}' is not valid percent-encoding`,
        });
        return z.NEVER;
      }
    }
    return headers;
  });

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http:// or https:// URL')
  .optional();

export const tracingEnvShape = {
  /**
   * Where spans go: `otlp` (OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT) or `none`. Unset means
   * `otlp` when an endpoint is set and `none` otherwise: nothing is ever sent anywhere unconfigured.
   * Trace context is propagated (and logged) either way.
   */
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  /** The collector's base URL; traces go to `<endpoint>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl,
  /** The full URL for traces, when it is not `<endpoint>/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl,
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders,
  /** Replaces the service's own name (case-api, case-worker, notification, reporting) in exported spans. */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  /** How long ended spans wait to be sent together (OpenTelemetry's batch processor; default 5 s). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).max(600_000).default(5_000),
};

type TracingEnv = {
  OTEL_TRACES_EXPORTER?: 'otlp' | 'none' | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_HEADERS: Record<string, string>;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_BSP_SCHEDULE_DELAY: number;
};

function tracesUrlOf(env: TracingEnv): string | null {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT)
    return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return null;
}

export function tracingIssues(env: TracingEnv): { variable: string; message: string }[] {
  if (env.OTEL_TRACES_EXPORTER === 'otlp' && tracesUrlOf(env) === null)
    return [{ variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', message: 'required when OTEL_TRACES_EXPORTER=otlp' }];
  return [];
}

export interface TracingConfig {
  /** `otlp`: spans are sent to `url`; `none`: spans only carry context (into logs, headers, outbox rows). */
  exporter: 'otlp' | 'none';
  url: string | null;
  /** Sent with every export (a collector's API key, say); never logged. */
  headers: Record<string, string>;
  /** Null: each service names itself. */
  serviceName: string | null;
  batchDelayMs: number;
}

export function tracingConfigOf(env: TracingEnv): TracingConfig {
  const url = tracesUrlOf(env);
  const exporter = env.OTEL_TRACES_EXPORTER ?? (url ? 'otlp' : 'none');
  return {
    exporter,
    url: exporter === 'otlp' ? url : null,
    headers: env.OTEL_EXPORTER_OTLP_HEADERS,
    serviceName: env.OTEL_SERVICE_NAME ?? null,
    batchDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}
