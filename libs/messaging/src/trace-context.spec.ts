import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { OutgoingMessage } from './event-publisher';
import { OutboxRelay, type OutboxRow } from './outbox-relay';
import { traceContextOfHeaders, traceHeadersOf, withConsumerSpans } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('traceHeadersOf (an outbox row’s stored trace context → Kafka headers)', () => {
  it('gives traceparent and tracestate of the stored JSON, and nothing else', () => {
    expect(
      traceHeadersOf(JSON.stringify({ traceparent, tracestate: 'bishan=1', baggage: 'user=x' })),
    ).toEqual({ traceparent, tracestate: 'bishan=1' });
  });

  it('gives no header for a row without a trace, text that is not the JSON it should be, or no traceparent', () => {
    expect(traceHeadersOf(null)).toEqual({});
    expect(traceHeadersOf(undefined)).toEqual({});
    expect(traceHeadersOf('not json')).toEqual({});
    expect(traceHeadersOf('"a string"')).toEqual({});
    expect(traceHeadersOf(JSON.stringify({ tracestate: 'bishan=1' }))).toEqual({});
    expect(traceHeadersOf(JSON.stringify({ traceparent: 42 }))).toEqual({});
    expect(traceHeadersOf(JSON.stringify({ traceparent: 'x'.repeat(600) }))).toEqual({});
  });
});

describe('the outbox relay', () => {
  it('sends each row’s trace context as its message’s headers, next to the event id', async () => {
    const rows: OutboxRow[] = [
      {
        sequence: 1,
        eventId: 'c-1/1',
        topic: 't',
        key: 'c-1',
        payload: '{}',
        traceContext: JSON.stringify({ traceparent }),
      },
      { sequence: 2, eventId: 'c-1/2', topic: 't', key: 'c-1', payload: '{}', traceContext: null },
    ];
    const sent: OutgoingMessage[] = [];
    const relay = new OutboxRelay(
      {
        nextBatch: async () => rows,
        markPublished: async () => undefined,
        markFailed: async () => undefined,
        markRefused: async () => false,
      },
      { publish: async (messages) => void sent.push(...messages) },
      { batchSize: 10, pollIntervalMs: 1000 },
    );
    await relay.relayOnce();
    expect(sent.map((m) => m.headers)).toEqual([
      { 'event-id': 'c-1/1', traceparent },
      { 'event-id': 'c-1/2' },
    ]);
  });
});

describe('consumer spans', () => {
  it('continue the trace a message carries: same trace id, the recording span as parent', async () => {
    const seen = await withConsumerSpans(
      'g-notification',
      'case.events.v1',
      [{ headers: { traceparent: Buffer.from(traceparent) }, offset: '7' }],
      async () => trace.getActiveSpan()?.spanContext(),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanId).toBe(PARENT_ID);
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'g-notification',
      'messaging.kafka.offset': '7',
    });
    // The handler ran with the consumer span active (its log lines carry the trace).
    expect(seen?.spanId).toBe(span?.spanContext().spanId);
  });

  it('give each message of a batch its own span in its own trace', async () => {
    const other = '0af7651916cd43dd8448eb211c80319c';
    await withConsumerSpans(
      'g-reporting',
      'case.events.v1',
      [
        { headers: { traceparent }, offset: '1' },
        { headers: { traceparent: `00-${other}-b7ad6b7169203331-01` }, offset: '2' },
        { headers: {}, offset: '3' },
      ],
      async () => undefined,
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.spanContext().traceId).slice(0, 2)).toEqual([TRACE_ID, other]);
    expect(spans.map((s) => s.parentSpanId)).toEqual([PARENT_ID, 'b7ad6b7169203331', undefined]);
    expect(spans.every((s) => s.attributes['messaging.batch.message_count'] === 3)).toBe(true);
  });

  it('mark the spans failed when the handler fails, and pass the error on', async () => {
    await expect(
      withConsumerSpans('g', 't', [{ headers: { traceparent }, offset: '1' }], async () => {
        throw new Error('database is locked');
      }),
    ).rejects.toThrow('database is locked');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database is locked' });
  });

  it('read no context from a message without trace headers', () => {
    expect(trace.getSpanContext(traceContextOfHeaders({}))).toBeUndefined();
    expect(trace.getSpanContext(traceContextOfHeaders({ traceparent: 'garbage' }))).toBeUndefined();
  });
});
