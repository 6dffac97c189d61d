import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { CaseEventBatch } from './case.repository';
import { GroupedCaseRecorder } from './grouped-case-recorder';
import { outboxRowOf } from './outbox.repository';
import { traceContextNow } from './trace-context';

const provider = new BasicTracerProvider();
const tracer = () => trace.getTracer('test');

beforeAll(() => {
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

const inSpan = <T>(name: string, fn: (span: Span) => T): T =>
  tracer().startActiveSpan(name, (span) => {
    try {
      return fn(span);
    } finally {
      span.end();
    }
  });

const traceparentOf = (span: Span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

describe('traceContextNow', () => {
  it('is null with no span active', () => {
    expect(traceContextNow()).toBeNull();
  });

  it('is the active span’s W3C traceparent, as JSON', () => {
    inSpan('recording', (span) => {
      expect(JSON.parse(traceContextNow() ?? 'null')).toEqual({ traceparent: traceparentOf(span) });
    });
  });
});

describe('outboxRowOf', () => {
  const event = {
    eventId: 'case-1/1',
    type: 'caseRaised',
    version: 1,
    occurredAt: '2026-12-05T01:00:00.000Z',
  };

  it('keeps the trace context of the span that records the row', () => {
    inSpan('raise', (span) => {
      expect(JSON.parse(outboxRowOf(event, 'case-1').traceContext ?? 'null')).toEqual({
        traceparent: traceparentOf(span),
      });
    });
    expect(outboxRowOf(event, 'case-1').traceContext).toBeNull();
  });
});

describe('GroupedCaseRecorder', () => {
  it('keeps each recording’s own trace context, though recordings queued together commit in one transaction', async () => {
    const seen: (string | null | undefined)[][] = [];
    let release: () => void = () => undefined;
    const cases = {
      async recordEvents(_caseId: string, _events: unknown, _view: unknown, traceContext?: string | null) {
        seen.push([traceContext]);
        await new Promise<void>((resolve) => (release = resolve));
        return 1;
      },
      async recordEventsOfMany(batches: readonly CaseEventBatch[]) {
        seen.push(batches.map((b) => b.traceContext));
        return batches.map(() => 1);
      },
    };
    const recorder = new GroupedCaseRecorder(cases);
    const batch = { events: [], view: {} as CaseEventBatch['view'] };
    const expected: string[] = [];
    const recordings = ['case-a', 'case-b', 'case-c'].map((caseId) =>
      inSpan(`record ${caseId}`, (span) => {
        expected.push(JSON.stringify({ traceparent: traceparentOf(span) }));
        return recorder.recordEvents(caseId, batch.events, batch.view);
      }),
    );
    // case-a goes alone; b and c wait behind it and then commit together, in case-a's drain.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all(recordings);
    expect(seen).toEqual([[expected[0]], [expected[1], expected[2]]]);
  });
});
