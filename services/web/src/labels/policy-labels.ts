import type { CaseCommand, PolicyProblemCode, PublicationProblemCode, RejectionCode } from '@bishan/domain';
import type { Language } from '../language';
import { deadlineKindNames, escalationTargetNames, nameIn, pauseReasonNames } from './case-labels';

// Names for the case policy's fields, its rule problems and the commands a draft may refuse, so that
// the policies page shows words, not the API's paths and codes. A new command type or problem code
// in the domain does not compile here until it has its names.

type Names<K extends string> = Readonly<Record<K, readonly [zh: string, en: string]>>;

const fieldNames: Readonly<Record<string, readonly [string, string]>> = {
  triageWorkingDays: ['研判时限', 'Triage'],
  claimWindowWorkingDays: ['认领时限', 'Claim window'],
  handlingPlanWorkingDays: ['办理方案时限', 'Handling plan'],
  handlingWorkingDays: ['办理时限', 'Handling'],
  simple: ['简单', 'simple'],
  general: ['一般', 'general'],
  complex: ['复杂', 'complex'],
  reminderFractions: ['提醒点', 'Reminder points'],
  remindedDeadlines: ['提醒的时限', 'Reminded deadlines'],
  breaches: ['超期升级', 'Escalation on breach'],
  escalation: ['升级链', 'chain'],
  step: ['级', 'step'],
  afterWorkingDays: ['超期后工作日', 'working days after the breach'],
  target: ['升级对象', 'target'],
  repeatEveryWorkingDays: ['重复提醒间隔', 'repeat every'],
  feedbackWorkingDays: ['反馈时限', 'Feedback'],
  ratingWindowCalendarDays: ['评价期(自然日)', 'Rating window (calendar days)'],
  reopenEscalatesAt: ['第几次重办升级', 'Reopening that escalates'],
  extension: ['延期', 'Extension'],
  maxWorkingDaysPerRequest: ['每次最多工作日', 'most working days a request'],
  maxGranted: ['最多批准次数', 'most grants'],
  extensionDecisionWorkingDays: ['延期审批时限', 'Extension decision'],
  instructionAckWorkingDays: ['批示签收时限', 'Instruction acknowledgement'],
  concentratedReviewWorkingDays: ['集中问题督办时限', 'Concentrated issue review'],
  pauseReasons: ['暂停', 'Pauses'],
  maxWorkingDays: ['最多工作日', 'most working days'],
  pauseTotalMaxWorkingDays: ['暂停累计上限', 'Total pause cap'],
  pauseApproval: ['暂停审批', 'Pause approval'],
  cluster: ['集中问题认定', 'Concentrated issues'],
  minCases: ['最少件数', 'fewest cases'],
  windowDays: ['时间窗(天)', 'window (days)'],
  version: ['版本', 'version'],
};

/** A field path of the API ('breaches.handling.escalation[1].target') as words. */
export function policyFieldName(path: string, language: Language): string {
  const zh = language === 'zh';
  const parts = path.split('.').flatMap((part) => {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [part];
    const indices = [...(match[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
    return [match[1] ?? part, ...indices.map((n) => (zh ? `第${n}项` : `#${n}`))];
  });
  return parts
    .map((part) => {
      if (part in deadlineKindNames) return nameIn(deadlineKindNames, part as keyof typeof deadlineKindNames, language);
      if (part in pauseReasonNames) return nameIn(pauseReasonNames, part as keyof typeof pauseReasonNames, language);
      const names = fieldNames[part];
      return names ? names[zh ? 0 : 1] : part;
    })
    .join(zh ? '·' : ' · ');
}

const problemNames: Names<PolicyProblemCode> = {
  'not-whole-days': ['须为整天数', 'must be whole days'],
  'out-of-range': ['超出允许范围', 'is out of range'],
  fraction: ['提醒点须在 0 与 1 之间', 'must lie strictly between 0 and 1'],
  'not-ascending': ['提醒点须从小到大且不重复', 'must ascend, each once'],
  'unknown-kind': ['不是已知的时限', 'is not a deadline kind'],
  'step-numbers': ['各级须按 1、2、3… 顺序编号', 'steps are numbered 1, 2, 3… in order'],
  'step-order': ['后一级不能早于前一级', 'a later step cannot come before an earlier one'],
  'unresolved-target': ['组织中找不到此对象', 'resolves to nobody in the organisation'],
  required: ['必填', 'is required'],
};

const publicationProblemNames: Names<PublicationProblemCode> = {
  required: ['必填', 'is required'],
  'too-long': ['字数超出上限', 'is too long'],
  'in-the-past': ['生效时间不能早于现在', 'must not have passed'],
  'not-a-draft': ['只有草稿可以发布', 'only a draft can be published'],
};

/** A publication's problem in words, from its code (and the character limit for too-long). */
export function publicationProblemText(code: string, params: Record<string, string | number> | undefined, language: Language): string {
  if (code === 'too-long' && params?.maximum !== undefined) return language === 'zh' ? `最多 ${params.maximum} 个字` : `must be at most ${params.maximum} characters`;
  const names = (publicationProblemNames as Record<string, readonly [string, string]>)[code];
  return names ? names[language === 'zh' ? 0 : 1] : code;
}

/** A rule problem in words, from its code and parameters (min, max for a range). */
export function policyProblemText(code: string, params: Record<string, string | number> | undefined, language: Language): string {
  const names = (problemNames as Record<string, readonly [string, string]>)[code];
  const text = names ? names[language === 'zh' ? 0 : 1] : code;
  if (code === 'out-of-range' && params?.min !== undefined && params.max !== undefined) {
    return language === 'zh' ? `须在 ${params.min} 至 ${params.max} 之间` : `must be ${params.min} to ${params.max}`;
  }
  return text;
}

export const commandNames: Names<CaseCommand['type']> = {
  raiseCase: ['提出问题', 'Raise'],
  triageCase: ['研判', 'Triage'],
  claimCase: ['认领', 'Claim'],
  assignDepartment: ['交办部门', 'Assign a department'],
  returnCase: ['退回', 'Return'],
  transferCase: ['转办', 'Transfer'],
  reassignCase: ['改派', 'Reassign'],
  submitHandlingPlan: ['提交办理方案', 'Submit the handling plan'],
  requestExtension: ['申请延期', 'Request an extension'],
  approveExtension: ['批准延期', 'Approve the extension'],
  rejectExtension: ['驳回延期', 'Reject the extension'],
  pauseClock: ['暂停计时', 'Pause'],
  approvePause: ['批准暂停', 'Approve the pause'],
  rejectPause: ['驳回暂停', 'Reject the pause'],
  resumeClock: ['恢复计时', 'Resume'],
  reportResult: ['报告办理结果', 'Report the result'],
  giveFeedback: ['反馈群众', 'Give feedback'],
  rateCase: ['评价', 'Rate'],
  recordRating: ['记录回访评价', 'Record a rating'],
  urgeCase: ['催办', 'Urge'],
  instructCase: ['批示', 'Instruct'],
  acknowledgeInstruction: ['签收批示', 'Acknowledge the instruction'],
  acknowledgeEscalation: ['签收督办', 'Acknowledge the escalation'],
  assignJointTask: ['交办联合任务', 'Give a joint task'],
  completeJointTask: ['报告任务完成', 'Report the task done'],
  explainJointTask: ['说明未完成任务', 'Explain an unfinished task'],
  flagConcentrated: ['认定集中问题', 'Flag as concentrated'],
  deadlineReached: ['时限到期', 'Deadline reached'],
  recomputeDeadlines: ['重算时限', 'Recompute deadlines'],
};

export const rejectionNames: Names<RejectionCode> = {
  forbidden: ['无权操作', 'not allowed for this person'],
  'wrong-state': ['案件状态不允许', 'the case’s state does not allow it'],
  late: ['已过时限', 'too late'],
  invalid: ['操作内容无效', 'invalid'],
  'unknown-deadline': ['时限已不存在', 'the deadline is gone'],
  'not-due': ['时限未到', 'not due yet'],
};

export { escalationTargetNames, deadlineKindNames, pauseReasonNames, nameIn };
