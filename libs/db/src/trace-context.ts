import { context, propagation } from '@opentelemetry/api';

/** The W3C headers an outbox row keeps of the span that recorded it. */
const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/**
 * The active span's W3C trace context (`traceparent`, and `tracestate` when there is one) as the
 * JSON an outbox row keeps, so the relay can send it on as Kafka headers; null when no span is
 * active or no propagator is set up (a script, a unit test).
 */
export function traceContextNow(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const kept = Object.fromEntries(
    TRACE_HEADERS.flatMap((name) => (carrier[name] ? [[name, carrier[name]]] : [])),
  );
  return kept['traceparent'] ? JSON.stringify(kept) : null;
}
