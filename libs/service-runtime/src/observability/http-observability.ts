import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { redactQuery } from './logger';
import { httpRequestDuration, metricsRegistry } from './metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** A caller's request id is kept (so one id follows a request across services); otherwise one is made. */
export function requestIdOf(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/**
 * One JSON log line per request with its id, route, path (query values redacted), status and duration; the same numbers feed the
 * latency histogram; GET /metrics serves the registry in Prometheus' text format.
 */
export function installHttpObservability(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route === '/metrics' || route.startsWith('/health')) return;
    // Query strings may carry credentials (Open311's api_key): their values never reach the log.
    logger.log({ requestId: request.id, method: request.method, route, url: redactQuery(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });
  fastify.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
}
