import ExcelJS from 'exceljs';
import type { WhatIfFigures, WhatIfReport, WhatIfSide } from '@bishan/domain';
import { neutraliseFormula } from '@bishan/service-runtime';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface WhatIfNames {
  readonly departments: Readonly<Record<string, string>>;
  readonly towns: Readonly<Record<string, string>>;
  readonly people: Readonly<Record<string, string>>;
}

const figureColumns: { title: string; of: (f: WhatIfFigures) => number | string }[] = [
  { title: '案件数', of: (f) => f.cases },
  { title: '按时完成时限', of: (f) => f.deadlinesMet },
  { title: '超期', of: (f) => f.deadlinesMissed },
  { title: '未到期', of: (f) => f.deadlinesPending },
  { title: '提醒', of: (f) => f.remindersSent },
  { title: '升级一级', of: (f) => f.escalationsByStep['1'] ?? 0 },
  { title: '升级二级', of: (f) => f.escalationsByStep['2'] ?? 0 },
  { title: '升级三级及以上', of: (f) => Object.entries(f.escalationsByStep).reduce((n, [step, count]) => (Number(step) >= 3 ? n + count : n), 0) },
  { title: '按时办结率', of: (f) => rate(f.resultsOnTime, f.resultsReported) },
  { title: '满意加权率', of: (f) => rate(f.ratingCredit, f.ratings) },
];

function rate(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;
}

const sideHeader = ['', ...figureColumns.map((c) => `实际·${c.title}`), ...figureColumns.map((c) => `模拟·${c.title}`)];

function sideRow(label: string, side: WhatIfSide): (string | number)[] {
  return [neutraliseFormula(label), ...figureColumns.map((c) => c.of(side.actual)), ...figureColumns.map((c) => c.of(side.simulated))];
}

/**
 * A what-if report as a workbook in Chinese: the totals and each department and town side by side
 * (actual, simulated), the leaders' escalations by week, and the commands the draft would refuse.
 * Names stand for ids; any text that looks like a formula is neutralised.
 */
export async function whatIfXlsx(report: WhatIfReport, names: WhatIfNames, heading: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('汇总');
  summary.addRow([neutraliseFormula(heading)]).font = { bold: true, size: 14 };
  summary.addRow([]);
  summary.addRow(sideHeader).font = { bold: true };
  summary.addRow(sideRow('全部', report.total));
  summary.addRow([]);
  summary.addRow(['部门']).font = { bold: true };
  for (const [id, side] of Object.entries(report.byDepartment)) summary.addRow(sideRow(names.departments[id] ?? (id === '—' ? '未交办' : id), side));
  summary.addRow([]);
  summary.addRow(['镇街']).font = { bold: true };
  for (const [id, side] of Object.entries(report.byTown)) summary.addRow(sideRow(names.towns[id] ?? (id === '—' ? '未定' : id), side));
  summary.columns.forEach((column, i) => (column.width = i === 0 ? 24 : 12));

  const load = workbook.addWorksheet('领导每周升级');
  load.addRow(['领导', '周', '实际', '模拟']).font = { bold: true };
  for (const [leader, entry] of Object.entries(report.leaderLoad)) {
    const weeks = [...new Set([...Object.keys(entry.actual), ...Object.keys(entry.simulated)])].sort();
    for (const week of weeks) load.addRow([neutraliseFormula(names.people[leader] ?? leader), week, entry.actual[week] ?? 0, entry.simulated[week] ?? 0]);
  }
  load.columns.forEach((column, i) => (column.width = i === 0 ? 24 : 12));

  const refused = workbook.addWorksheet('将被拒绝的操作');
  refused.addRow(['案件', '操作', '时间', '原因代码', '原因']).font = { bold: true };
  for (const r of report.refused) refused.addRow([r.caseId, r.type, r.at, r.code, neutraliseFormula(r.reason)]);
  refused.columns.forEach((column, i) => (column.width = [40, 20, 26, 20, 60][i] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
