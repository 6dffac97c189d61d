import ExcelJS from 'exceljs';
import { computeKpis, defaultKpiPolicy, type CaseFact, type KpiRow } from '@bishan/domain';
import { ProblemException, ZodValidationPipe } from '@bishan/service-runtime';
import { kpiQuery } from './kpi.schemas';
import { caseFact } from '../../../../libs/domain/src/test-support/kpi-facts';
import { kpiCsv, kpiTable, kpiXlsx } from './kpi-table';

// A category that looks like a spreadsheet formula: the exports must neutralise it.
const fact = (caseId: string, fields: Partial<CaseFact>): CaseFact =>
  caseFact(caseId, { category: '=HYPERLINK("http://x","y")', raisedAt: '2025-03-02T02:00:00Z', ...fields });

const rows: KpiRow[] = computeKpis(
  {
    cases: [fact('c1', { resolvedOnSpot: true }), fact('c2', {})],
    ratings: [],
    escalations: [{ caseId: 'c2', step: 2, escalatedAt: '2025-03-05T00:00:00Z' }],
    meetings: [],
  },
  { from: '2025-03-01', to: '2025-04-01', granularity: 'month', groupBy: 'category' },
  defaultKpiPolicy,
);

describe('KPI exports', () => {
  it('flattens rates into value, numerator and denominator, and gives each escalation step a column', () => {
    const { header, body } = kpiTable(rows);
    const cell = (label: string) => body[0]![header.indexOf(label)];
    expect(cell('期间')).toBe('2025-03');
    expect([cell('就地解决率'), cell('就地解决率分子'), cell('就地解决率分母')]).toEqual([0.5, 1, 2]);
    expect(cell('第2级升级')).toBe(1);
    expect(cell('认可度')).toBeNull();
  });

  it('neutralises a group value that looks like a formula, in CSV and in XLSX', async () => {
    const csv = kpiCsv(rows);
    expect(csv.startsWith('\uFEFF期间,')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await kpiXlsx(rows)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('KPI')!;
    expect(sheet.getRow(2).getCell(4).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet.getRow(2).getCell(1).value).toBe('2025-03');
  });
});

describe('KPI query', () => {
  const pipe = new ZodValidationPipe(kpiQuery, 'query');
  const problem = (query: Record<string, string>) => {
    try {
      pipe.transform(query);
    } catch (error) {
      if (error instanceof ProblemException)
        return { status: error.problem.status, errors: error.problem.errors ?? [] };
    }
    throw new Error('accepted');
  };

  it('defaults to months and accepts every filter', () => {
    expect(
      pipe.transform({ from: '2025-01-01', to: '2026-01-01', town: 'laifeng', groupBy: 'leader' }),
    ).toEqual({
      from: '2025-01-01',
      to: '2026-01-01',
      granularity: 'month',
      groupBy: 'leader',
      town: 'laifeng',
    });
  });

  it('names each offending field in a 400 problem', () => {
    expect(problem({ from: '2025-03-01', to: 'soon' }).status).toBe(400);
    expect(problem({ from: '2025-02-30', to: '2025-03-01' }).errors.map((e) => e.field)).toEqual([
      'query.from',
    ]);
    expect(problem({ from: '2025-03-01', to: '2025-03-01' }).errors.map((e) => e.field)).toEqual([
      'query.to',
    ]);
    expect(
      problem({ from: '2025-01-01', to: '2025-03-01', granularity: 'week' }).errors.map((e) => e.field),
    ).toEqual(['query.granularity']);
    expect(
      problem({ from: '2025-01-01', to: '2025-03-01', groupBy: 'courtyard' }).errors.map((e) => e.field),
    ).toEqual(['query.groupBy']);
    expect(
      problem({ to: '2025-03-01', colour: 'red' })
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['query', 'query.from']);
  });
});
