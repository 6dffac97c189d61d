import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { metricsRegistry, registerSampledGauge } from '../observability/metrics';
import { temporarilyUnavailable } from './problem-details.filter';

const shedTotal = new Counter({
  name: 'bishan_http_requests_shed_total',
  help: 'Requests answered 503 at once because the instance already had its limit of requests in flight',
  registers: [metricsRegistry],
});

/** The process's shedder's count (one HTTP server per service process), read when Prometheus scrapes. */
let countInFlight = () => 0;

/** Never shed: ops must see an overloaded instance, and an event stream is open by design (capped per person). */
function exempt(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '';
  return (
    path === '/metrics' ||
    path === '/health' ||
    path.startsWith('/health/') ||
    String(request.headers.accept ?? '').includes('text/event-stream')
  );
}

export interface LoadShedding {
  inFlight(): number;
  shed(): number;
}

/**
 * At most `limit` requests in flight on this instance; one more is answered at once with 503
 * problem+json and Retry-After, instead of queueing behind work the instance (or Temporal, or the
 * database behind it) cannot finish in time. Without it an overloaded instance keeps accepting, its
 * answers slow past every client's timeout, callers get no answer at all and their retries add to
 * the queue. A request counts from its arrival until its connection answers or closes. One warning
 * a minute at most says how many were turned away.
 */
export function installLoadShedding(
  fastify: FastifyInstance,
  limit: number,
  warn: (message: string) => void,
  now: () => number = Date.now,
): LoadShedding {
  let inFlight = 0;
  let shed = 0;
  let shedSinceWarning = 0;
  let lastWarning = Number.NEGATIVE_INFINITY;
  countInFlight = () => inFlight;
  registerSampledGauge(
    'bishan_http_requests_in_flight',
    'Requests received and not yet answered (health checks, metrics and event streams apart)',
    async () => countInFlight(),
  );
  fastify.addHook('onRequest', async (request, reply) => {
    if (exempt(request)) return;
    if (inFlight >= limit) {
      shed += 1;
      shedSinceWarning += 1;
      shedTotal.inc();
      if (now() - lastWarning >= 60_000) {
        warn(`overloaded: ${shedSinceWarning} requests answered 503 (limit ${limit} in flight, HTTP_MAX_REQUESTS_IN_FLIGHT)`);
        lastWarning = now();
        shedSinceWarning = 0;
      }
      // Before routing: Nest's exception filter never sees it, so the problem is sent here.
      const { problem } = temporarilyUnavailable(`this instance is answering ${limit} requests already; retry in 1 s`);
      return reply.code(problem.status).header('retry-after', '1').type('application/problem+json').send(problem);
    }
    inFlight += 1;
    // 'close' comes once however the exchange ends: answered, or the client gone first.
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
  });
  return { inFlight: () => inFlight, shed: () => shed };
}
