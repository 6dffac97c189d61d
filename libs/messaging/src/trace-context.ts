import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/**
 * The Kafka headers carrying an outbox row's stored trace context (see traceContextNow in
 * @bishan/db): `traceparent` and `tracestate`. Anything else in the stored text, or text that is not
 * the JSON it should be, gives no header: a row never fails to publish over its trace.
 */
export function traceHeadersOf(stored: string | null | undefined): Record<string, string> {
  if (!stored) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const fields = parsed as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = fields[name];
    if (typeof value === 'string' && value.length <= 512) headers[name] = value;
  }
  return headers['traceparent'] ? headers : {};
}

/** A consumed message's `traceparent` and `tracestate` headers, as text (none when it carries none). */
export function traceHeadersOfMessage(headers: IHeaders | undefined): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) carrier[name] = first.toString();
  }
  return carrier;
}

/** The trace context a consumed message carries in its headers (ROOT when it carries none). */
export function traceContextOfHeaders(headers: IHeaders | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, traceHeadersOfMessage(headers));
}

const tracer = () => trace.getTracer('@bishan/messaging');

/**
 * Runs a consumer's handling of messages in spans that continue each message's trace: one span per
 * message (a child of the span that recorded its outbox row), all open while `fn` runs; `fn` runs
 * with the first one active, so its log lines carry that trace.
 */
export async function withConsumerSpans<T>(
  groupId: string,
  topic: string,
  messages: readonly { headers?: IHeaders | undefined; offset: string }[],
  fn: () => Promise<T>,
): Promise<T> {
  const spans: Span[] = messages.map((message) =>
    tracer().startSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.consumer.group.name': groupId,
          'messaging.kafka.offset': message.offset,
          ...(messages.length > 1 ? { 'messaging.batch.message_count': messages.length } : {}),
        },
      },
      traceContextOfHeaders(message.headers),
    ),
  );
  const first = spans[0];
  try {
    const result = await (first ? context.with(trace.setSpan(context.active(), first), fn) : fn());
    return result;
  } catch (error) {
    for (const span of spans) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
