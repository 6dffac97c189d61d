import ExcelJS from 'exceljs';
import { logLevel, type Producer } from 'kafkajs';
import { createKafka } from '@bishan/messaging';
import { createDatabase, type Database } from '@bishan/db';
import {
  createTestDatabase,
  engineAddresses,
  freePort,
  startService,
  startTestStack,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  type TestStack,
} from '@bishan/testing';
import { topics } from '@bishan/contracts';
import { actors, bearer } from './bishan-actors';
import { devAuthSecret, signedToken } from './dev-auth';
import { seedMessages, smallTotals } from './reporting-seed-events';

// Both instances verify tokens signed with this secret, as they would the case API's.
const secret = devAuthSecret('reporting-replay');
const asOfficial = async (): Promise<RequestInit> => ({ headers: bearer(await signedToken(secret, actors.districtLeader)) });

async function eventsApplied(service: ServiceProcess): Promise<number> {
  const summary = (await (await fetch(`${service.url}/reports/summary`, await asOfficial())).json()) as {
    eventsApplied: number;
  };
  return summary.eventsApplied;
}

/** Every reporting table, row by row in key order; the dedup rows by event id (their time is the clock's). */
async function reportingTables(db: Database) {
  const [cases, ratings, escalations, meetings, mediations, processed] = await Promise.all([
    db.reportingCaseFact.findMany({ orderBy: { caseId: 'asc' } }),
    db.reportingRatingFact.findMany({ orderBy: { eventId: 'asc' } }),
    db.reportingEscalationFact.findMany({ orderBy: { eventId: 'asc' } }),
    db.reportingMeetingFact.findMany({ orderBy: { meetingId: 'asc' } }),
    db.reportingMediationFact.findMany({ orderBy: { mediationId: 'asc' } }),
    db.processedEvent.findMany({
      where: { consumer: 'reporting' },
      orderBy: { eventId: 'asc' },
      select: { eventId: true },
    }),
  ]);
  return { cases, ratings, escalations, meetings, mediations, processed };
}

/**
 * Replay from offset zero: a second reporting instance with a fresh database and a consumer group of
 * its own reads the suite's topic from the start and builds exactly the same tables as the first.
 */
describe('reporting replay', () => {
  let stack: TestStack;
  let first: ServiceProcess;
  let second: ServiceProcess | undefined;
  let secondDb: TestDatabase | undefined;
  let producer: Producer;
  const databases: Database[] = [];
  const messages = seedMessages(smallTotals);

  beforeAll(async () => {
    stack = await startTestStack({ label: 'reporting-replay', services: ['reporting'], env: { DEV_AUTH_SECRET: secret } });
    first = stack.service('reporting');
    const kafka = createKafka(
      { clientId: 'reporting-replay-test', brokers: engineAddresses().kafkaBrokers.split(',') },
      { logLevel: logLevel.NOTHING },
    );
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all(databases.map((db) => db.$disconnect()));
    await second?.stop();
    secondDb?.remove();
    await stack?.stop();
  });

  it('rebuilds identical tables from the first offset', async () => {
    // Every event once, then the first hundred again, as a relay retrying after a lost acknowledgement would.
    await producer.send({ topic: stack.topics.caseEvents, messages });
    await producer.send({ topic: stack.topics.caseEvents, messages: messages.slice(0, 100) });
    await waitFor(async () => ((await eventsApplied(first)) === messages.length ? true : undefined), {
      timeoutMs: 300_000,
      intervalMs: 1_000,
      description: `the first instance applying all ${messages.length} events`,
    });

    secondDb = await createTestDatabase('reporting-replay-second');
    const topicPrefix = stack.topics.caseEvents.slice(0, -topics.caseEvents.length);
    second = await startService(
      'reporting',
      {
        NODE_ENV: 'test',
        DATABASE_URL: secondDb.url,
        TEMPORAL_ADDRESS: engineAddresses().temporal,
        TEMPORAL_TASK_QUEUE: `${stack.taskQueue}-replay`,
        KAFKA_BROKERS: engineAddresses().kafkaBrokers,
        KAFKA_CONSUMER_GROUP_PREFIX: `${stack.taskQueue}-replay-`,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        DEV_AUTH_SECRET: secret,
      },
      { port: await freePort(), label: `${stack.taskQueue}-replay` },
    );
    const replayed = second;
    await waitFor(async () => ((await eventsApplied(replayed)) === messages.length ? true : undefined), {
      timeoutMs: 300_000,
      intervalMs: 1_000,
      description: `the replaying instance applying all ${messages.length} events`,
    });

    const original = await createDatabase(stack.db.url);
    const rebuilt = await createDatabase(secondDb.url);
    databases.push(original, rebuilt);
    const before = await reportingTables(original);
    const after = await reportingTables(rebuilt);
    // Not trivially equal: the data set touches every table.
    expect(before.cases).toHaveLength(smallTotals.casesAtMeetings + smallTotals.casesOnline);
    expect(before.meetings).toHaveLength(smallTotals.meetings);
    expect(before.ratings).toHaveLength(smallTotals.approvingRatings + smallTotals.dissatisfiedRatings);
    expect(before.escalations.length).toBeGreaterThan(0);
    expect(before.mediations).toHaveLength(smallTotals.mediations);
    expect(after).toEqual(before);

    const official = await asOfficial();
    const kpis = (service: ServiceProcess) =>
      fetch(`${service.url}/reports/kpis?from=2022-01-01&to=2023-01-01&granularity=month&groupBy=town`, official).then(
        (r) => r.json(),
      );
    const answer = await kpis(first);
    expect((answer as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    expect(await kpis(replayed)).toEqual(answer);
  }, 900_000);

  it('asks officials for a token, documents the KPI endpoint, refuses a bad query by name, and exports CSV and XLSX', async () => {
    const official = await asOfficial();
    const kpiPath = '/reports/kpis?from=2022-01-01&to=2023-01-01';
    // Health and the API description stay open; the figures need a token, and an official's.
    expect((await fetch(`${first.url}/health/live`)).status).toBe(200);
    for (const path of [kpiPath, '/reports/kpis/export.csv?from=2022-01-01&to=2023-01-01', '/reports/summary']) {
      const anonymous = await fetch(`${first.url}${path}`);
      expect({ path, status: anonymous.status, challenge: anonymous.headers.get('www-authenticate') }).toEqual({
        path,
        status: 401,
        challenge: 'Bearer',
      });
    }
    const forged = await fetch(`${first.url}${kpiPath}`, {
      headers: bearer(await signedToken(devAuthSecret('someone-else'), actors.districtLeader)),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const resident = await fetch(`${first.url}${kpiPath}`, { headers: bearer(await signedToken(secret, actors.resident)) });
    expect(resident.status).toBe(403);
    expect(await resident.json()).toMatchObject({ status: 403, detail: expect.stringContaining("'resident' was presented") });
    for (const person of [actors.dengfengSecretary, actors.powerHandler, actors.admin]) {
      const answer = await fetch(`${first.url}${kpiPath}`, { headers: bearer(await signedToken(secret, person)) });
      expect({ role: person.role, status: answer.status }).toEqual({ role: person.role, status: 200 });
    }

    const document = (await (await fetch(`${first.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string; required: boolean }[] } }>;
    };
    const parameters = document.paths['/reports/kpis']?.get.parameters ?? [];
    expect(
      parameters
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['from', 'to']);
    expect(parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['granularity', 'groupBy', 'town', 'leader', 'category']),
    );
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/reports/kpis/export.csv', '/reports/kpis/export.xlsx']),
    );

    const refusal = async (query: string) => {
      const refused = await fetch(`${first.url}/reports/kpis?${query}`, official);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await refused.json()) as { errors: { field: string }[] };
      return problem.errors.map((e) => e.field).sort();
    };
    expect(await refusal('from=2022-01-01&to=2023-01-01&granularity=week&colour=red')).toEqual([
      'query',
      'query.granularity',
    ]);
    // The order of the two days is checked once each is a valid day.
    expect(await refusal('from=2022-01-01&to=2021-01-01')).toEqual(['query.to']);

    const query = 'from=2022-01-01&to=2023-01-01&granularity=quarter&groupBy=town';
    const json = (await (await fetch(`${first.url}/reports/kpis?${query}`, official)).json()) as {
      rows: { period: { key: string }; group: string }[];
    };
    const csv = await fetch(`${first.url}/reports/kpis/export.csv?${query}`, official);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // The byte-order mark that makes spreadsheet programs read UTF-8 (fetch's text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^期间,起,止\(不含\),分组,召开院坝会/);
    expect(
      lines.slice(1).map((line) =>
        line
          .split(',')
          .slice(0, 4)
          .filter((_, i) => i === 0 || i === 3),
      ),
    ).toEqual(json.rows.map((row) => [row.period.key, row.group]));

    const xlsx = await fetch(`${first.url}/reports/kpis/export.xlsx?${query}`, official);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.getWorksheet('KPI')?.rowCount).toBe(json.rows.length + 1);
  });
});
