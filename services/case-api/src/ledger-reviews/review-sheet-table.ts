import type { ReviewSheet } from './ledger-reviews.handler';

// The review sheet (对账销号表) as rows of Chinese text, the one source of both exports.

const statusNames: Record<string, string> = {
  inLedger: '待研判',
  published: '待认领',
  claimed: '已认领',
  handling: '办理中',
  resultReported: '待反馈',
  awaitingRating: '待评价',
  closed: '已办结',
};
const ratingNames: Record<string, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  notRated: '未评价',
  resolvedOnSpot: '现场解决',
};
const yes = (value: boolean | null) => (value === null ? '' : value ? '是' : '否');

/** Beijing time to the minute; '' for none. */
export function beijing(date: Date | null): string {
  if (!date) return '';
  const shifted = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

export const sheetColumns = [
  '类别',
  '编号',
  '村(社区)',
  '问题类别',
  '问题描述',
  '提出时间',
  '状态',
  '办结时间',
  '办理结果',
  '群众评价',
  '已结转次数',
  '原目标日期',
  '处理',
  '结转理由',
  '新目标日期',
  '核实结果',
  '核实评价',
  '签字人',
  '处理时间',
  '升级督办',
] as const;

export function sheetTitle(sheet: ReviewSheet): string {
  return `${sheet.review.unitName} ${sheet.review.period} 台账对账销号表`;
}

/** The lines above the table: whose, which month, the deadline, and the signature. */
export function sheetHeading(sheet: ReviewSheet): string[] {
  const r = sheet.review;
  const struckOff = sheet.lines.filter((l) => l.decision === 'strikeOff').length;
  const carried = sheet.lines.filter((l) => l.decision === 'carryOver').length;
  return [
    `单位:${r.unitName}    月份:${r.period}    签字期限:${beijing(r.dueAt)}`,
    `待销号 ${sheet.lines.filter((l) => l.section === 'closed').length} 项(已销号 ${struckOff}),待结转 ${sheet.lines.filter((l) => l.section === 'open').length} 项(已结转 ${carried})`,
    r.status === 'signedOff'
      ? r.signedById === 'system'
        ? `状态:本月无待审核事项,自动办结(${beijing(r.signedOffAt)})`
        : `状态:已签字确认    签字人:${r.signedByName ?? ''}    签字时间:${beijing(r.signedOffAt)}`
      : `状态:待签字${r.escalatedAt ? '(已逾期,已报分管区领导督办)' : ''}`,
  ];
}

export function sheetRows(sheet: ReviewSheet): string[][] {
  return sheet.lines.map((l) => [
    l.section === 'closed' ? '待销号' : '待结转',
    l.caseId.slice(0, 8),
    l.villageName,
    l.category,
    l.description,
    beijing(l.raisedAt),
    statusNames[l.status] ?? l.status,
    beijing(l.closedAt),
    l.resultSummary ?? '',
    ratingNames[l.rating ?? l.closure ?? ''] ?? '',
    String(l.carriedOverBefore),
    l.previousTargetDate ?? '',
    l.decision === 'strikeOff' ? '销号' : l.decision === 'carryOver' ? '结转' : '未处理',
    l.reason ?? '',
    l.newTargetDate ?? '',
    yes(l.resultChecked),
    yes(l.ratingChecked),
    l.decidedByName ?? '',
    beijing(l.decidedAt),
    l.escalated ? '是' : '',
  ]);
}
