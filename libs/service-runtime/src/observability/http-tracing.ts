import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = () => trace.getTracer('@bishan/service-runtime/http');

const spans = new WeakMap<FastifyRequest, Span>();

/** Probes and scrapes are not requests anyone follows: they get no span (and no trace in the log). */
function untraced(route: string): boolean {
  return route === '/metrics' || route.startsWith('/health');
}

/**
 * One server span per request, the root of the request's trace: the handler (guards, pipes, the
 * controller and everything it awaits — database, Temporal client) runs with it active, so log lines
 * carry its trace id and the Temporal client's interceptor carries it into the workflow. A caller's
 * `traceparent` is kept as a link, not a parent: the request's trace is ours, whatever a client sends.
 */
export function installHttpTracing(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (untraced(route)) return done();
    const caller = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, request.headers));
    const links: Link[] = caller && isSpanContextValid(caller) ? [{ context: caller }] : [];
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        root: true,
        links,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'bishan.request_id': String(request.id),
        },
      },
      ROOT_CONTEXT,
    );
    spans.set(request, span);
    done();
  });
  // Fastify calls the route's handler from this hook's callback: it and all it awaits see the span.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (!span) return done();
    context.with(trace.setSpan(ROOT_CONTEXT, span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    if (span) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted by the client' });
      span.end();
    }
    done();
  });
}

/** Runs `fn` with the request's span active (a log line written after the handler, say). */
export function withRequestSpan<T>(request: FastifyRequest, fn: () => T): T {
  const span = spans.get(request);
  return span ? context.with(trace.setSpan(ROOT_CONTEXT, span), fn) : fn();
}
