import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { withRequestSpan } from './http-tracing';
import { redactQuery } from './logger';
import { httpRequestDuration, metricsRegistry } from './metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** A caller's request id is kept (so one id follows a request across services); otherwise one is made. */
export function requestIdOf(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/** Who may read GET /metrics: everyone (loopback development), holders of a bearer token, or nobody. */
export interface MetricsAccess {
  enabled: boolean;
  token: string | null;
}

const openMetrics: MetricsAccess = { enabled: true, token: null };

function presents(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One JSON log line per request with its id, route, path (query values redacted), status and duration; the same numbers feed the
 * latency histogram; GET /metrics serves the registry in Prometheus' text format — with METRICS_TOKEN
 * only to `Authorization: Bearer <METRICS_TOKEN>`, and in production without one not at all.
 */
export function installHttpObservability(fastify: FastifyInstance, logger: Logger, metrics: MetricsAccess = openMetrics): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route === '/metrics' || route.startsWith('/health')) return;
    // Query strings may carry credentials (Open311's api_key): their values never reach the log.
    // With the request's span active, the line carries its trace id.
    withRequestSpan(request, () =>
      logger.log({ requestId: request.id, method: request.method, route, url: redactQuery(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }),
    );
  });
  fastify.get('/metrics', async (request, reply) => {
    const refuse = (status: number, detail: string) =>
      reply.code(status).type('application/problem+json').send({ type: 'about:blank', title: status === 404 ? 'not found' : 'authentication required', status, detail });
    if (!metrics.enabled) return refuse(404, 'metrics are off: set METRICS_TOKEN to scrape them');
    if (metrics.token && !presents(request.headers.authorization, metrics.token)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return refuse(401, 'metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    void reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
}
