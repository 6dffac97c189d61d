import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '@bishan/config';

/** The process's tracer provider and what the Temporal worker's workflow-span sink needs of it. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resource;
  /** Where ended spans go: the exporter's processor, or a no-op one when nothing is exported. */
  readonly spanProcessor: SpanProcessor;
  /** Sends what is still buffered (a test, a shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Sets up OpenTelemetry for this process once: W3C trace context propagation, an async-local
 * context, and a tracer provider whose spans go where the configuration says (OTLP over HTTP, or
 * nowhere). Spans carry ids either way, so log lines, Temporal headers, outbox rows and Kafka
 * headers carry the trace. A test may pass its own exporter (an in-memory one). Later calls in the
 * same process (several services started in one test process) return the first set-up.
 */
export function startTracing(
  serviceName: string,
  config: TracingConfig,
  testExporter?: SpanExporter,
): Tracing {
  if (installed) return installed;
  const name = config.serviceName ?? serviceName;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: name });
  const spanProcessor = testExporter
    ? new SimpleSpanProcessor(testExporter)
    : config.exporter === 'otlp' && config.url
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url, headers: config.headers }), {
          scheduledDelayMillis: config.batchDelayMs,
        })
      : new NoopSpanProcessor();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  installed = {
    serviceName: name,
    resource,
    spanProcessor,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      installed = undefined;
    },
  };
  return installed;
}

/** The process's tracing, set up by bootstrapService; none outside a service (a script, a unit test). */
export function currentTracing(): Tracing | undefined {
  return installed;
}
