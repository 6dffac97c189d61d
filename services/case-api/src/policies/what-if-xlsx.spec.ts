import ExcelJS from 'exceljs';
import { emptyReport, type WhatIfReport } from '@bishan/domain';
import { whatIfXlsx } from './what-if-xlsx';

describe('the what-if report as a workbook', () => {
  it('puts names for ids, actual beside simulated, and neutralises text that looks like a formula', async () => {
    const side = (met: number, missed: number) => ({
      actual: { ...emptyReport('x').total.actual, cases: 2, deadlinesMet: met, resultsReported: 2, resultsOnTime: 1 },
      simulated: { ...emptyReport('x').total.actual, cases: 2, deadlinesMet: met - missed, deadlinesMissed: missed, escalationsByStep: { '1': 1, '3': 2 } },
    });
    const report: WhatIfReport = {
      ...emptyReport('2026.3'),
      total: side(4, 1),
      byDepartment: { 'urban-management': side(4, 1) },
      byTown: { laifeng: side(4, 1) },
      leaderLoad: { 'dl-01': { actual: {}, simulated: { '2026-W40': 2 } } },
      refused: [{ caseId: 'c-1', type: 'claimCase', at: '2026-10-01T02:00:00.000Z', code: 'claim-window-closed', reason: '=HYPERLINK("x")' }],
    };
    const names = { departments: { 'urban-management': '区城市管理局' }, towns: { laifeng: '来凤街道' }, people: { 'dl-01': '区领导 张三' } };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await whatIfXlsx(report, names, '=SUM(1)'));
    const summary = workbook.getWorksheet('汇总');
    expect(summary?.getRow(1).getCell(1).value).toBe("'=SUM(1)");
    const rows = (summary?.getSheetValues() ?? []).map((row) => (Array.isArray(row) ? row.slice(1) : []));
    expect(rows[4]).toEqual(['全部', 2, 4, 0, 0, 0, 0, 0, 0, '50.0%', '—', 2, 3, 1, 0, 0, 1, 0, 2, '—', '—']);
    expect(rows.some((row) => row[0] === '区城市管理局')).toBe(true);
    expect(rows.some((row) => row[0] === '来凤街道')).toBe(true);
    expect(workbook.getWorksheet('领导每周升级')?.getRow(2).values).toEqual([undefined, '区领导 张三', '2026-W40', 0, 2]);
    expect(workbook.getWorksheet('将被拒绝的操作')?.getRow(2).getCell(5).value).toBe('\'=HYPERLINK("x")');
  });
});
