import fc from 'fast-check';
import { waitFor } from '@bishan/testing';
import { inBatches } from '../bench/history';
import { ApiClient, type Person } from '../simulator/api-client';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { caseBody, people } from './support/loop-driver';
import { scaled } from './support/scale';
import { invalidValue, validValue, type Resolve, type Schema } from './support/schema-arbitrary';

interface Operation {
  method: 'get' | 'post';
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

interface GeneratedRequest {
  operation: Operation;
  path: string;
  body?: unknown;
  as: Person;
}

/**
 * 10,000 requests generated from the API's own OpenAPI document (FAULTS_SCALE shrinks it), valid
 * and invalid bodies, path and query parameters, as people of several roles: none may answer 5xx,
 * and whatever was refused must have left no trace — the only cases, workflows, meetings and
 * outbox events afterwards are those of requests that were accepted.
 */
describe('generated requests over the OpenAPI schemas', () => {
  const total = scaled(10_000, 200);
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({ label: 'faults-fuzz', services: { 'case-api': 1, 'case-worker': 1 } });
  });

  afterAll(() => stack?.stop());

  it(`answers ${total} generated requests without a 5xx, and refusals change nothing`, async () => {
    const began = Date.now();
    const baseUrl = stack.service('case-api').url;
    const api = new ApiClient(baseUrl, 30_000, 0);
    const document = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Operation['parameters'];
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >;
      components?: { schemas?: Record<string, Schema> };
    };
    // Component references point into the document; others (zod-to-json-schema reuses a sub-schema
    // by a pointer from the root of the schema it appears in) are inlined per schema first.
    const resolve: Resolve = (ref) => {
      const found = pointer(document, ref);
      if (!found) throw new Error(`unresolved ${ref}`);
      return found as Schema;
    };
    const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method === 'get' || method === 'post')
        .filter(() => !/^\/(health|metrics|docs)/.test(path))
        .map(([method, op]) => ({
          method: method as 'get' | 'post',
          path,
          parameters: (op.parameters ?? []).map((p) =>
            p.schema ? { ...p, schema: inlineLocalRefs(p.schema, p.schema) as Schema } : p,
          ),
          ...(op.requestBody?.content?.['application/json']?.schema
            ? {
                body: inlineLocalRefs(
                  op.requestBody.content['application/json'].schema,
                  op.requestBody.content['application/json'].schema,
                ) as Schema,
              }
            : {}),
        })),
    );
    expect(operations.length).toBeGreaterThan(10);

    // One real case, so that generated actions also reach a workflow that exists.
    const seeded = await api.post(people.secretary, '/cases', 'raiseCase', caseBody(false, 'fuzz seed'));
    expect(seeded.status).toBe(201);
    const seedId = seeded.body.id as string;
    const seedTimeline = async () => stack.db.caseTimelineEntry.count({ where: { caseId: seedId } });
    await waitUntil(async () => (await seedTimeline()) > 0, 'the seeded case to be recorded');
    const seedEntriesBefore = await seedTimeline();

    const segment = fc.oneof(
      fc.constant(seedId),
      fc.uuid(),
      fc.string({ minLength: 1, maxLength: 30 }),
      fc.constantFrom('..', '%00', ' ', 'null'),
    );
    const asPerson = fc.constantFrom<Person>(
      people.admin,
      people.secretary,
      people.triage,
      people.handler,
      people.resident,
    );
    const request: fc.Arbitrary<GeneratedRequest> = fc.constantFrom(...operations).chain((operation) => {
      const pathParams = operation.parameters.filter((p) => p.in === 'path');
      const queryParams = operation.parameters.filter((p) => p.in === 'query');
      const query = fc.record(
        Object.fromEntries(
          queryParams.map((p) => [
            p.name,
            fc.oneof(p.schema ? validValue(p.schema, resolve) : fc.string(), fc.string(), fc.integer()),
          ]),
        ),
        { requiredKeys: [] },
      );
      const body = operation.body
        ? fc.oneof(validValue(operation.body, resolve), invalidValue(operation.body, resolve))
        : fc.constant(undefined);
      return fc
        .record({ params: fc.tuple(...pathParams.map(() => segment)), query, body, as: asPerson })
        .map(({ params, query: q, body: b, as }) => {
          let path = operation.path;
          pathParams.forEach(
            (p, i) => (path = path.replace(`{${p.name}}`, encodeURIComponent(String(params[i])))),
          );
          const search = new URLSearchParams(
            Object.entries(q as Record<string, unknown>).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString();
          return {
            operation,
            path: search ? `${path}?${search}` : path,
            ...(operation.method === 'post' ? { body: b } : {}),
            as,
          };
        });
    });
    const requests = fc.sample(request, { numRuns: total, seed: 20261127 });

    const serverErrors: string[] = [];
    const acceptedRaises: string[] = [];
    const acceptedMeetings: string[] = [];
    let acceptedSeedActions = 0;
    const statuses: Record<number, number> = {};
    await inBatches(requests, 8, async (r) => {
      const answer =
        r.operation.method === 'get'
          ? await api.get(r.as, r.path, `GET ${r.operation.path}`)
          : await api.post(r.as, r.path, `POST ${r.operation.path}`, r.body);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status >= 500 || answer.status === 0)
        serverErrors.push(
          `${r.operation.method.toUpperCase()} ${r.path} ${JSON.stringify(r.body)?.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
      if (r.operation.method !== 'post' || answer.status >= 300) return;
      if (r.operation.path === '/cases' && answer.status === 201) acceptedRaises.push(answer.body.id);
      else if (r.operation.path === '/meetings' && answer.status === 201)
        acceptedMeetings.push(answer.body.id);
      else if (r.path.startsWith(`/cases/${seedId}/actions/`)) acceptedSeedActions += 1;
    });
    process.stderr.write(
      `openapi fuzz: ${total} requests in ${((Date.now() - began) / 1000).toFixed(0)} s, statuses ${JSON.stringify(statuses)}\n`,
    );
    expect(serverErrors.slice(0, 10)).toEqual([]);

    const createdCases = [seedId, ...acceptedRaises];
    // Let the accepted ones be recorded, then nothing else may exist.
    await waitUntil(
      async () => (await stack.db.case.count()) >= createdCases.length,
      'the accepted cases to be recorded',
    );
    expect((await stack.db.case.findMany({ select: { id: true } })).map((c) => c.id).sort()).toEqual(
      [...createdCases].sort(),
    );
    expect((await stack.db.meeting.findMany({ select: { id: true } })).map((m) => m.id).sort()).toEqual(
      [...acceptedMeetings].sort(),
    );
    let workflows = 0;
    for await (const _ of stack.temporal.workflow.list({
      query: `TaskQueue = "${stack.env['TEMPORAL_TASK_QUEUE']}"`,
    }))
      workflows += 1;
    expect(workflows).toBe(createdCases.length);
    const outboxKeys = new Set(
      (await stack.db.outboxEvent.findMany({ select: { key: true } })).map((o) => o.key),
    );
    const allowed = new Set([...createdCases, ...acceptedMeetings]);
    expect([...outboxKeys].filter((k) => !allowed.has(k))).toEqual([]);
    if (acceptedSeedActions === 0) expect(await seedTimeline()).toBe(seedEntriesBefore);
  });
});

function pointer(root: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      root,
    );
}

/** Replaces `#/…` references that are not into components by what they point at in `root`. */
function inlineLocalRefs(node: unknown, root: unknown, depth = 0): unknown {
  if (depth > 20 || !node || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => inlineLocalRefs(n, root, depth + 1));
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#/components/'))
    return inlineLocalRefs(pointer(root, ref), root, depth + 1);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineLocalRefs(v, root, depth + 1)]));
}

const waitUntil = (check: () => Promise<boolean>, description: string) =>
  waitFor(async () => ((await check()) ? true : undefined), { description, timeoutMs: 120_000 });
