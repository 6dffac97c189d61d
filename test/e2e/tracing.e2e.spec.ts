import { readFileSync } from 'node:fs';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, postJson, tangledLinesCase, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

const RAISE_ROUTE = 'POST /cases';
// Spans are named by the route as declared (every action shares it), not by the path.
const ACTION_ROUTE = 'POST /cases/:id/actions/:action';

/** The span and its ancestors, from itself up to the root; stops where a parent is missing. */
function chainOf(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId))
    chain.push(parent);
  return chain;
}

const consumerSpansOf = (spans: readonly ReceivedSpan[], service: string) =>
  spans.filter((s) => s.service === service && s.name.endsWith(' process'));

/**
 * One trace per request across the processes: the API's request span, the Temporal client's start or
 * update, the workflow's handling and the activity that records the step (case worker), the outbox
 * row's trace context carried in the Kafka headers, and both consumers' spans — all in one trace,
 * each span's parent found in it. The services export over OTLP/HTTP to a receiver in this test, as
 * they would to a collector (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
describe('tracing: a raise and a claim, each one connected trace from the API to both consumers', () => {
  let stack: TestStack;
  let receiver: OtlpReceiver;
  let api: ServiceProcess;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await startTestStack({
      label: 'tracing',
      services: ['case-api', 'case-worker', 'notification', 'reporting'],
      env: {
        DEV_AUTH_SECRET: devAuthSecret('tracing'),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    api = stack.service('case-api');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  /** The one trace whose root is the API's span of `route` for this case. */
  const traceOfRequest = async (route: string, caseId: string, needs: (spans: ReceivedSpan[]) => boolean) =>
    waitFor(
      async () => {
        const roots = receiver.spans.filter(
          (s) => s.service === 'case-api' && s.name === route && s.parentSpanId === '',
        );
        const seen: string[] = [];
        for (const root of roots) {
          const spans = receiver.trace(root.traceId);
          const aboutCase = spans.some(
            (s) => s.attributes['temporalWorkflowId'] === caseId || s.attributes['workflowId'] === caseId,
          );
          if (aboutCase && needs(spans)) return { root, spans };
          if (aboutCase) seen.push(spans.map((s) => `${s.service}:${s.name}`).join(', '));
        }
        // Said when the wait times out: what the trace held by then.
        throw new Error(
          `${receiver.spans.length} spans received, ${roots.length} ${route} roots; this case's trace: [${seen.join('] [')}]`,
        );
      },
      {
        description: `the trace of ${route} for case ${caseId} with every service's spans`,
        timeoutMs: 30_000,
      },
    );

  const complete = (names: string[]) => (spans: ReceivedSpan[]) =>
    names.every((name) => spans.some((s) => s.name === name)) &&
    consumerSpansOf(spans, 'notification').length > 0 &&
    consumerSpansOf(spans, 'reporting').length > 0;

  it('follows a claim from the API through the workflow update and its recording activity to both consumers', async () => {
    const raised = await postJson(
      `${api.url}/cases`,
      tangledLinesCase(),
      await tokenFor(api.url, actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    const triaged = await postJson(
      `${api.url}/cases/${id}/actions/triageCase`,
      { route: 'district' },
      await tokenFor(api.url, actors.laifengTriage),
    );
    expect(triaged.status).toBe(200);
    const claimed = await postJson(
      `${api.url}/cases/${id}/actions/claimCase`,
      {},
      await tokenFor(api.url, actors.powerHandler),
    );
    expect(claimed.status).toBe(200);

    const { root, spans } = await traceOfRequest(
      ACTION_ROUTE,
      id,
      complete([
        'StartWorkflowUpdate:claimCase',
        'HandleUpdate:claimCase',
        'StartActivity:recordCaseEvents',
        'RunActivity:recordCaseEvents',
      ]),
    );
    // Connected: every span but the request's own has its parent in the same trace.
    for (const span of spans)
      expect([span.name, chainOf(span, spans).at(-1)?.spanId]).toEqual([span.name, root.spanId]);
    const serviceOf = (name: string) => spans.find((s) => s.name === name)?.service;
    expect(serviceOf('StartWorkflowUpdate:claimCase')).toBe('case-api');
    expect(serviceOf('HandleUpdate:claimCase')).toBe('case-worker');
    expect(serviceOf('RunActivity:recordCaseEvents')).toBe('case-worker');
    // Each consumer's span descends from the recording activity, through the workflow's update, to the request.
    for (const service of ['notification', 'reporting']) {
      const [consumed] = consumerSpansOf(spans, service);
      expect(chainOf(consumed!, spans).map((s) => s.name)).toEqual([
        consumed!.name,
        'RunActivity:recordCaseEvents',
        'StartActivity:recordCaseEvents',
        'HandleUpdate:claimCase',
        'StartWorkflowUpdate:claimCase',
        ACTION_ROUTE,
      ]);
    }

    // The API's log lines of the claim carry its trace id.
    const claimLines = readFileSync(api.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes(`/cases/${id}/actions/claimCase`));
    expect(claimLines.length).toBeGreaterThan(0);
    for (const line of claimLines) expect(JSON.parse(line)).toMatchObject({ trace_id: root.traceId });
  });

  it('follows a raise: the API records it in the request’s span, so the consumers’ spans are its children', async () => {
    const raised = await postJson(
      `${api.url}/cases`,
      tangledLinesCase(),
      await tokenFor(api.url, actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    const { root, spans } = await traceOfRequest(
      RAISE_ROUTE,
      id,
      complete(['StartWorkflow:caseWorkflow', 'RunActivity:loadDirectory']),
    );
    const start = spans.find((s) => s.name === 'StartWorkflow:caseWorkflow');
    expect(start).toMatchObject({ service: 'case-api', parentSpanId: root.spanId });
    for (const service of ['notification', 'reporting'])
      for (const consumed of consumerSpansOf(spans, service)) expect(consumed.parentSpanId).toBe(root.spanId);
    // The run's own span (RunWorkflow) ends with the case, weeks later; the steps it took so far are
    // already in the request's trace, the activity under the workflow's scheduling of it.
    const loaded = spans.find((s) => s.name === 'RunActivity:loadDirectory');
    expect(loaded?.service).toBe('case-worker');
    expect(spans.find((s) => s.spanId === loaded?.parentSpanId)?.name).toBe('StartActivity:loadDirectory');
  });
});
