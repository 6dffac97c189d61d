import type { LedgerRow } from '@bishan/db';

/**
 * Column headings of the exported ledger as the towns and departments read it. Keyed by every
 * ledger column, so a column added to the read model does not compile until it has a heading.
 */
export const ledgerColumnLabels: Readonly<Record<keyof LedgerRow, string>> = {
  id: '案件编号',
  category: '类别',
  description: '问题描述',
  complexity: '复杂程度',
  channel: '渠道',
  townId: '镇街',
  villageId: '村社区',
  courtyardId: '院落',
  status: '状态',
  policyVersion: '规则版本',
  handlerLevel: '办理层级',
  handlerUnitId: '办理单位',
  escalationLevel: '升级层级',
  overdue: '是否超期',
  concentrated: '是否集中问题',
  pendingExtension: '延期待审批',
  pendingPause: '暂停待审批',
  openInstructions: '未签收批示',
  escalationUnseen: '升级未阅',
  provisionalDeadlines: '时限待定(节假日数据未覆盖)',
  paused: '是否暂停计时',
  resolvedOnSpot: '是否现场解决',
  nextDeadlineAt: '下一时限(UTC)',
  nextDeadlineKind: '时限类型',
  reopenCount: '重新办理次数',
  rating: '评价',
  closure: '办结方式',
  raisedAt: '提出时间(UTC)',
  closedAt: '办结时间(UTC)',
};
