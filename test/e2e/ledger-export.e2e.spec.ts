import { spawn } from 'node:child_process';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { workspaceRoot } from '@bishan/config';
import { calendarCoverage, packageCalendarData, shanghaiDateOf } from '@bishan/domain';
import {
  engineAddresses,
  freePort,
  startTestStack,
  waitFor,
  type ServiceProcess,
  type TestStack,
} from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type LedgerPage = { items: { id: string }[]; total: number };

/** The ledger's Excel export over HTTP on the real stack: filters, scope, header and inert text. */
describe('ledger XLSX export and readiness', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  const raised: Record<'dengfengSanitation' | 'sanxingSanitation' | 'dengfengHousing', string> = {
    dengfengSanitation: '',
    sanxingSanitation: '',
    dengfengHousing: '',
  };

  beforeAll(async () => {
    stack = await startTestStack({ label: 'xlsx', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
    const cases = [
      [
        'dengfengSanitation',
        '环境卫生',
        'dengfeng',
        actors.dengfengSecretary,
        '=HYPERLINK("http://x","点我") 垃圾没人清',
      ],
      ['sanxingSanitation', '环境卫生', 'sanxing', actors.sanxingSecretary, '三星村的垃圾桶满了 🗑️'],
      ['dengfengHousing', '房屋改造', 'dengfeng', actors.dengfengSecretary, '+危房改造 进度'],
    ] as const;
    for (const [name, category, villageId, raiser, description] of cases) {
      const answer = await postJson(
        `${api.url}/cases`,
        { ...tangledLinesCase(), category, description, location: { townId: 'laifeng', villageId } },
        await tokenFor(api.url, raiser),
      );
      expect(answer.status).toBe(201);
      raised[name] = answer.body.id as string;
    }
    const admin = await tokenFor(api.url, actors.admin);
    await waitFor(
      async () => {
        const page = await getJson<LedgerPage>(`${api.url}/cases?limit=200`, admin);
        return Object.values(raised).every((id) => page.items.some((item) => item.id === id))
          ? true
          : undefined;
      },
      { description: 'the three cases in the read model' },
    );
  });

  afterAll(() => stack?.stop());

  async function exportAs(person: (typeof actors)[keyof typeof actors], query = '') {
    const response = await fetch(`${api.url}/cases/export.xlsx${query}`, {
      headers: bearer(await tokenFor(api.url, person)),
    });
    return response;
  }

  async function sheetOf(response: Response) {
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Record<string, unknown>[] = [];
    for (let number = 2; number <= sheet.rowCount; number += 1) {
      const row = sheet.getRow(number);
      rows.push(Object.fromEntries(header.map((label, index) => [label, row.getCell(index + 1).value])));
    }
    return { header, rows };
  }

  /** Raised times come from the workflows, which may start in another order than the POSTs. */
  function expectOldestFirst(rows: Record<string, unknown>[]) {
    const times = rows.map((row) => (row['提出时间(UTC)'] as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }

  it('exports the filtered ledger as a workbook with a Chinese header and inert formulas', async () => {
    const response = await exportAs(
      actors.admin,
      `?category=${encodeURIComponent('环境卫生')}&sort=raisedAt`,
    );
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain('attachment; filename="ledger.xlsx"');
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe('台账.xlsx');

    const { header, rows } = await sheetOf(response);
    expect(header.slice(0, 3)).toEqual(['案件编号', '类别', '问题描述']);
    expect(header).toContain('提出时间(UTC)');
    expect(rows.map((row) => row['案件编号']).sort()).toEqual(
      [raised.dengfengSanitation, raised.sanxingSanitation].sort(),
    );
    expectOldestFirst(rows);
    expect(rows.map((row) => row['类别'])).toEqual(['环境卫生', '环境卫生']);
    const dengfeng = rows.find((row) => row['案件编号'] === raised.dengfengSanitation)!;
    const sanxing = rows.find((row) => row['案件编号'] === raised.sanxingSanitation)!;
    expect(dengfeng['问题描述']).toBe('\'=HYPERLINK("http://x","点我") 垃圾没人清');
    expect(sanxing['问题描述']).toBe('三星村的垃圾桶满了 🗑️');
    expect(dengfeng['村社区']).toBe('dengfeng');
    expect(dengfeng['状态']).toBe('inLedger');
    expect(dengfeng['提出时间(UTC)']).toBeInstanceOf(Date);

    // Stored exactly as sent; only the exports neutralise it.
    const stored = await getJson<{ description: string }>(
      `${api.url}/cases/${raised.dengfengSanitation}`,
      await tokenFor(api.url, actors.admin),
    );
    expect(stored.description).toBe('=HYPERLINK("http://x","点我") 垃圾没人清');
  });

  it('holds the same cases as the CSV and the ledger for the same query and reader', async () => {
    const query = '?townId=laifeng&sort=raisedAt';
    const { rows } = await sheetOf(await exportAs(actors.dengfengSecretary, query));
    const csv = await (
      await fetch(`${api.url}/cases/export.csv${query}`, {
        headers: bearer(await tokenFor(api.url, actors.dengfengSecretary)),
      })
    ).text();
    const csvIds = csv
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[0]);
    // The same cases in the same order (raisedAt, then id) in both exports.
    expect(rows.map((row) => row['案件编号'])).toEqual(csvIds);
    expect([...csvIds].sort()).toEqual([raised.dengfengSanitation, raised.dengfengHousing].sort());
    expectOldestFirst(rows);
    expect(rows.find((row) => row['案件编号'] === raised.dengfengHousing)!['问题描述']).toBe(
      "'+危房改造 进度",
    );
  });

  it("exports only the reader's scope: another village's secretary and a resident see their own", async () => {
    const sanxing = await sheetOf(await exportAs(actors.sanxingSecretary));
    expect(sanxing.rows.map((row) => row['案件编号'])).toEqual([raised.sanxingSanitation]);
    // A filter never widens the scope.
    const widened = await sheetOf(await exportAs(actors.sanxingSecretary, '?villageId=dengfeng'));
    expect(widened.rows).toEqual([]);
    expect(widened.header[0]).toBe('案件编号');
    // The resident reported all three (tangledLinesCase names them as reporter).
    const resident = await sheetOf(await exportAs(actors.resident));
    expect(resident.rows.map((row) => row['案件编号']).sort()).toEqual(Object.values(raised).sort());
  });

  it('refuses a bad query or a missing token with a problem document', async () => {
    const bad = await exportAs(actors.admin, '?overdue=perhaps&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['query', 'query.overdue']);
    const anonymous = await fetch(`${api.url}/cases/export.xlsx`);
    expect(anonymous.status).toBe(401);
  });

  it('is ready when the database and Temporal answer, and says so per dependency', async () => {
    for (const path of ['/health', '/health/ready']) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(expectedReadiness());
    }
  });

  it('stays ready and raises cases while the broker does not answer: the outbox buffers the events', async () => {
    // A second API on the same database and Temporal, pointed at a port where no broker listens.
    // Started by hand, so that a readiness it never reached shows as this test's failure.
    const [port, deadBrokerPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/case-api/src/main.ts'], {
      cwd: workspaceRoot(),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        DATABASE_URL: stack.db.url,
        TEMPORAL_ADDRESS: engineAddresses().temporal,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        KAFKA_BROKERS: `127.0.0.1:${deadBrokerPort}`,
        CASE_API_PORT: String(port),
      },
      stdio: 'ignore',
    });
    try {
      const report = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
          return response
            ? { status: response.status, body: (await response.json()) as Record<string, unknown> }
            : undefined;
        },
        { description: 'the second API answering its readiness probe', timeoutMs: 90_000 },
      );
      expect(report).toEqual({ status: 200, body: expectedReadiness() });
      const raised = await postJson(`http://127.0.0.1:${port}/cases`, tangledLinesCase(), await tokenFor(`http://127.0.0.1:${port}`, actors.dengfengSecretary));
      expect(raised.status).toBe(201);
      // Liveness does not look at dependencies.
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});

/**
 * Ready with every dependency answering; the holiday data's check says "degraded" (still 200) from
 * 60 days before the package's last covered day, as on the day these tests run in December 2026.
 */
function expectedReadiness() {
  const coverage = calendarCoverage(packageCalendarData, shanghaiDateOf(new Date()));
  return {
    status: coverage.runningOut ? 'degraded' : 'ok',
    checks: {
      database: 'ok',
      temporal: 'ok',
      calendar: coverage.runningOut ? expect.stringMatching(/^degraded: holiday data ends 2026-12-31/) : 'ok',
    },
  };
}
