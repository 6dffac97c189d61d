import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { currentTracing } from '../observability/tracing';

/**
 * The Temporal SDK's OpenTelemetry workflow interceptors (inbound, outbound, internals): bundled
 * into the workflow code, they continue the caller's trace in the workflow (start, update, signal,
 * query) and carry it on to the activities it schedules. They add spans, never commands.
 */
export const workflowTracingInterceptorModules: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** For every Temporal client: a workflow start, update, signal or query carries the active trace context. */
export function tracingClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Each activity runs in a span continuing the trace its workflow passed in the activity's headers. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * The sink through which the workflow code's spans (made inside the sandbox) reach this process's
 * span processor; without an exporter configured they end there. Not called during replay. The SDK
 * would copy the whole WorkflowInfo onto every span (search attributes, memo, last result and
 * failure…); only what names the run is kept.
 */
export function workflowSpanSinks(): InjectedSinks<OpenTelemetrySinks> {
  const tracing = currentTracing();
  const { export: sink } = makeWorkflowExporter(
    tracing?.spanProcessor ?? new NoopSpanProcessor(),
    tracing?.resource ?? Resource.empty(),
  );
  return {
    exporter: {
      export: {
        ...sink,
        fn: (info, spans) => {
          const { workflowId, runId, workflowType, taskQueue, namespace } = info;
          return sink.fn({ workflowId, runId, workflowType, taskQueue, namespace } as WorkflowInfo, spans);
        },
      },
    },
  };
}
