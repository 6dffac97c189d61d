import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { WorkflowInfo } from '@temporalio/workflow';
import { loadConfig } from '@bishan/config';
import { startTracing, type Tracing } from '../observability/tracing';
import { workflowSpanSinks } from './temporal-tracing';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;

beforeAll(() => {
  tracing = startTracing('case-worker', loadConfig({}).tracing, exporter);
});
afterAll(() => tracing.shutdown());

/** A span as the workflow sandbox hands it to the sink. */
const sandboxSpan = {
  name: 'HandleUpdate:claimCase',
  kind: 0,
  spanContext: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 },
  parentSpanId: 'b7ad6b7169203331',
  startTime: [1, 0],
  endTime: [1, 5],
  status: { code: 0 },
  attributes: { temporalUpdateId: 'u-1' },
  links: [],
  events: [],
  duration: [0, 5],
  ended: true,
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
  instrumentationLibrary: { name: '@temporalio/interceptor-workflow' },
};

describe('workflowSpanSinks', () => {
  it('hands the sandbox’s spans to the process’s exporter, naming the run but carrying none of its search attributes, memo or results', () => {
    const info = {
      workflowId: 'case-1',
      runId: 'run-1',
      workflowType: 'caseWorkflow',
      taskQueue: 'cases',
      namespace: 'default',
      memo: { note: '张三 13812345678' },
      lastFailure: { message: 'a resident’s words' },
      searchAttributes: { CaseTown: ['laifeng'] },
    } as unknown as WorkflowInfo;
    void workflowSpanSinks()['exporter']?.['export']?.fn(info, [structuredClone(sandboxSpan)] as never);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('HandleUpdate:claimCase');
    expect(span?.resource.attributes['service.name']).toBe('case-worker');
    expect(span?.attributes).toEqual({
      temporalUpdateId: 'u-1',
      workflowId: 'case-1',
      runId: 'run-1',
      workflowType: 'caseWorkflow',
      taskQueue: 'cases',
      namespace: 'default',
    });
  });
});
