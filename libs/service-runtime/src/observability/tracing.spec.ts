import { Writable } from 'node:stream';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '@bishan/config';
import { installHttpTracing } from './http-tracing';
import { activeTraceFields, loggerOptions } from './logger';
import { startTracing, type Tracing } from './tracing';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const exporter = new InMemorySpanExporter();
let tracing: Tracing;

beforeAll(() => {
  tracing = startTracing('case-api', loadConfig({}).tracing, exporter);
});
afterEach(() => exporter.reset());
afterAll(() => tracing.shutdown());

/** A pino logger with the services' options, writing its lines into `lines`. */
function capturingLogger(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return pino(loggerOptions('info'), sink);
}

describe('startTracing', () => {
  it('names the service, and is set up once per process', () => {
    expect(tracing.resource.attributes['service.name']).toBe('case-api');
    expect(startTracing('reporting', loadConfig({}).tracing)).toBe(tracing);
  });
});

describe('log lines', () => {
  it('carry trace_id and span_id while a span is active, and neither otherwise', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = capturingLogger(lines);
    logger.info('before');
    const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
  });
});

describe('HTTP request spans', () => {
  const app = Fastify();
  const lines: Record<string, unknown>[] = [];
  const logger = capturingLogger(lines);

  beforeAll(async () => {
    installHttpTracing(app);
    app.post('/cases/:id/actions/claimCase', async () => {
      // Something awaited inside the handler (a database, the Temporal client) still sees the span.
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('claimed');
      return activeTraceFields();
    });
    app.get('/health', async () => activeTraceFields());
    await app.ready();
  });
  afterAll(() => app.close());

  it('run the handler in a server span that starts the request’s own trace; a caller’s traceparent is only a link', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/cases/c-1/actions/claimCase',
      headers: { traceparent: `00-${CALLER_TRACE}-00f067aa0ba902b7-01` },
      payload: {},
    });
    const [span] = exporter.getFinishedSpans();
    expect(span).toBeDefined();
    expect(span?.name).toBe('POST /cases/:id/actions/claimCase');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.parentSpanId).toBeUndefined();
    expect(span?.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(span?.links.map((l) => l.context.traceId)).toEqual([CALLER_TRACE]);
    expect(span?.attributes).toMatchObject({
      'http.route': '/cases/:id/actions/claimCase',
      'http.response.status_code': 200,
    });
    const ids = { trace_id: span?.spanContext().traceId, span_id: span?.spanContext().spanId };
    expect(response.json()).toEqual(ids);
    expect(lines.find((l) => l['msg'] === 'claimed')).toMatchObject(ids);
  });

  it('leave probes untraced', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({});
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
