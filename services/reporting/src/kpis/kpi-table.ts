import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { KpiRow, Rate } from '@bishan/domain';
import { csvField, neutraliseFormula } from '@bishan/service-runtime';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

const rateColumns = [
  ['participationRate', '在家群众参与率'],
  ['onSiteResolutionRate', '就地解决率'],
  ['onTimeClaimRate', '按时认领率'],
  ['onTimeCompletionRate', '按时办结率'],
  ['responseRate', '响应率'],
  ['resolutionRate', '解决率'],
  ['satisfactionRate', '满意率'],
  ['approvalRate', '认可度'],
  ['reopenRate', '重办率'],
  ['mediationSuccessRate', '调解成功率'],
  ['agreementsHeldRate', '调解协议履行率'],
] as const;

const countColumns = [
  ['meetingsHeld', '召开院坝会'],
  ['casesRaised', '收集问题'],
  ['casesRaisedAtMeetings', '院坝会收集问题'],
  ['resolvedOnSpot', '就地解决'],
  ['casesResolved', '解决问题'],
  ['overdueCases', '超期问题'],
  ['escalations', '升级次数'],
  ['escalatedCases', '升级问题'],
  ['meanHoursToClaim', '平均认领用时(小时)'],
  ['medianHoursToClaim', '认领用时中位数(小时)'],
  ['meanHoursToResolve', '平均办结用时(小时)'],
  ['medianHoursToResolve', '办结用时中位数(小时)'],
  ['threeRateScore', '三率综合得分'],
  ['mediations', '调解纠纷'],
] as const;

/**
 * The KPI rows as one flat table: period and group, every count, and each rate as value,
 * numerator and denominator so a reader can check it. Escalation steps get a column each.
 */
export function kpiTable(rows: readonly KpiRow[]): { header: string[]; body: Cell[][] } {
  const steps = [...new Set(rows.flatMap((r) => Object.keys(r.figures.escalationsByStep)))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const header = [
    '期间',
    '起',
    '止(不含)',
    '分组',
    ...countColumns.map(([, label]) => label),
    ...steps.map((step) => `第${step}级升级`),
    ...rateColumns.flatMap(([, label]) => [label, `${label}分子`, `${label}分母`]),
  ];
  const body = rows.map((row): Cell[] => [
    row.period.key,
    row.period.from,
    row.period.to,
    row.group,
    ...countColumns.map(([key]) => row.figures[key]),
    ...steps.map((step) => row.figures.escalationsByStep[step] ?? 0),
    ...rateColumns.flatMap(([key]) => rateCells(row.figures[key])),
  ]);
  return { header, body };
}

function rateCells(rate: Rate): Cell[] {
  return [rate.value, rate.numerator, rate.denominator];
}

/** RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the Chinese headings right. */
export function kpiCsv(rows: readonly KpiRow[]): string {
  const { header, body } = kpiTable(rows);
  return `\uFEFF${[header, ...body].map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** One sheet; text cells that look like formulas are neutralised, numbers stay numbers. */
export async function kpiXlsx(rows: readonly KpiRow[]): Promise<Buffer> {
  const { header, body } = kpiTable(rows);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('KPI');
  sheet.addRow(header);
  for (const line of body)
    sheet.addRow(line.map((cell) => (typeof cell === 'string' ? neutraliseFormula(cell) : cell)));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function toStream(content: string | Buffer): Readable {
  return Readable.from([content]);
}
