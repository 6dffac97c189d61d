/** What a message is about; each kind has its own templates and the placeholders they may use. */
export const messageKinds = [
  'assigned',
  'claimOpen',
  'claimed',
  'reminder',
  'deadlineMissed',
  'escalated',
  'extensionRequested',
  'feedbackRequested',
  'ratingRequested',
  'urged',
  'instructed',
  'departmentAssigned',
  'reassigned',
  'pauseApproval',
  'pauseRejected',
  'clockChanged',
  'requestsWithdrawn',
  'jointTaskAssigned',
  'jointTaskSettled',
  'concentratedFlagged',
  'deadlinesMoved',
  'calendarRunningOut',
  'meetingDutyDue',
  'meetingDutyOverdue',
  'ledgerReviewOpened',
  'ledgerReviewReminder',
  'ledgerReviewEscalated',
  'ledgerItemEscalated',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** The channels a template is written for; the inbox is the in-app one. */
export const templateChannels = ['inbox', 'email', 'webhook', 'sms'] as const;
export type TemplateChannel = (typeof templateChannels)[number];

/** The values each kind offers to its templates; a template may use any of them and nothing else. */
export const placeholdersOf: Readonly<Record<MessageKind, readonly string[]>> = {
  assigned: ['caseRef', 'caseId', 'category', 'unitName', 'dueAt'],
  claimOpen: ['caseRef', 'caseId', 'category', 'claimDueAt'],
  claimed: ['caseRef', 'caseId', 'category', 'departmentName', 'handlingDueAt'],
  reminder: ['caseRef', 'caseId', 'deadlineName', 'dueAt', 'percent'],
  deadlineMissed: ['caseRef', 'caseId', 'deadlineName', 'dueAt'],
  escalated: ['caseRef', 'caseId', 'step', 'reason'],
  extensionRequested: ['caseRef', 'caseId', 'workingDays', 'reason'],
  feedbackRequested: ['caseRef', 'caseId', 'summary', 'feedbackDueAt'],
  ratingRequested: ['caseRef', 'caseId', 'ratingDueAt'],
  urged: ['caseRef', 'caseId', 'category', 'leaderName', 'note'],
  instructed: ['caseRef', 'caseId', 'category', 'leaderName', 'text', 'ackDueAt'],
  departmentAssigned: ['caseRef', 'caseId', 'category', 'leaderName', 'departmentName', 'reason', 'handlingDueAt'],
  reassigned: ['caseRef', 'caseId', 'category', 'leaderName', 'departmentName', 'reason'],
  pauseApproval: ['caseRef', 'caseId', 'category', 'workingDays', 'pauseReason'],
  pauseRejected: ['caseRef', 'caseId', 'reason'],
  clockChanged: ['caseRef', 'caseId', 'category', 'change'],
  requestsWithdrawn: ['caseRef', 'caseId', 'what'],
  jointTaskAssigned: ['caseRef', 'caseId', 'category', 'leadUnitName', 'unitName', 'task', 'personName', 'dueAt'],
  jointTaskSettled: ['caseRef', 'caseId', 'unitName', 'task', 'outcome', 'text'],
  concentratedFlagged: ['caseRef', 'caseId', 'category', 'reason', 'reviewDueAt'],
  deadlinesMoved: ['caseRef', 'caseId', 'reason', 'changes'],
  calendarRunningOut: ['coveredThrough', 'daysLeft', 'nextYear'],
  meetingDutyDue: ['dutyName', 'unitName', 'periodKey', 'dueAt', 'held', 'required'],
  meetingDutyOverdue: ['dutyName', 'unitName', 'periodKey', 'dueAt', 'held', 'required'],
  ledgerReviewOpened: ['unitName', 'period', 'dueAt', 'toStrikeOff', 'toCarryOver'],
  ledgerReviewReminder: ['unitName', 'period', 'dueAt', 'undecided'],
  ledgerReviewEscalated: ['unitName', 'period', 'dueAt', 'undecided'],
  ledgerItemEscalated: ['unitName', 'period', 'dueAt', 'caseRef', 'caseId', 'carriedOver', 'reason', 'newTargetDate'],
};

export interface TemplateText {
  subject: string;
  body: string;
}

/**
 * The texts the service starts with, seeded into its template table once; administrators edit the
 * table afterwards and these are never written over an edited row.
 */
const defaultTexts: Readonly<Record<MessageKind, TemplateText>> = {
  assigned: {
    subject: '诉求交办:{{caseRef}}',
    body: '诉求 {{caseRef}}({{category}})已交由{{unitName}}办理,请于 {{dueAt}} 前办结。',
  },
  claimOpen: {
    subject: '待认领诉求:{{caseRef}}',
    body: '诉求 {{caseRef}}({{category}})已发布,请于 {{claimDueAt}} 前认领。',
  },
  claimed: {
    subject: '诉求已认领:{{caseRef}}',
    body: '诉求 {{caseRef}}({{category}})已由{{departmentName}}认领,办理时限至 {{handlingDueAt}}。',
  },
  reminder: {
    subject: '办理提醒:诉求 {{caseRef}}',
    body: '提醒:诉求 {{caseRef}} 的{{deadlineName}}将于 {{dueAt}} 到期(已过 {{percent}}%)。',
  },
  deadlineMissed: {
    subject: '超期提醒:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}} 已超过{{deadlineName}}({{dueAt}})。',
  },
  escalated: {
    subject: '升级督办:诉求 {{caseRef}}(第 {{step}} 级)',
    body: '诉求 {{caseRef}} 已升级督办(第 {{step}} 级,{{reason}}),请及时调度。',
  },
  extensionRequested: {
    subject: '延期申请待审批:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}} 申请延期 {{workingDays}} 个工作日,理由:{{reason}}。请审批。',
  },
  feedbackRequested: {
    subject: '您反映的诉求已办理:{{caseRef}}',
    body: '您反映的诉求 {{caseRef}} 已办理:{{summary}}。村(社区)将于 {{feedbackDueAt}} 前向您反馈。',
  },
  ratingRequested: {
    subject: '请评价诉求办理结果:{{caseRef}}',
    body: '请对诉求 {{caseRef}} 的办理结果作出评价(满意、基本满意或不满意),评价截止 {{ratingDueAt}}。',
  },
  urged: {
    subject: '催办:诉求 {{caseRef}}',
    body: '{{leaderName}}催办诉求 {{caseRef}}({{category}}):{{note}}',
  },
  instructed: {
    subject: '领导批示:诉求 {{caseRef}}',
    body: '{{leaderName}}对诉求 {{caseRef}}({{category}})作出批示:{{text}}。请于 {{ackDueAt}} 前签收。',
  },
  departmentAssigned: {
    subject: '领导交办:诉求 {{caseRef}}',
    body: '{{leaderName}}将诉求 {{caseRef}}({{category}})交由{{departmentName}}办理({{reason}}),办理时限至 {{handlingDueAt}}。',
  },
  reassigned: {
    subject: '领导改派:诉求 {{caseRef}}',
    body: '{{leaderName}}将诉求 {{caseRef}}({{category}})改派{{departmentName}}办理:{{reason}}。请提交办理方案。',
  },
  pauseApproval: {
    subject: '暂停计时待审批:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}}({{category}})申请暂停计时 {{workingDays}} 个工作日({{pauseReason}}),请审批。',
  },
  pauseRejected: {
    subject: '暂停计时未获批准:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}} 的暂停计时申请未获批准:{{reason}}。办理时限照常计算。',
  },
  clockChanged: {
    subject: '计时变动:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}}({{category}}){{change}}。',
  },
  requestsWithdrawn: {
    subject: '申请已撤回:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}} 已进入下一环节,未决的{{what}}已自动撤回,无需再审批。',
  },
  jointTaskAssigned: {
    subject: '联合办理任务:诉求 {{caseRef}}',
    body: '{{leadUnitName}}牵头办理诉求 {{caseRef}}({{category}}),请{{unitName}}承担:{{task}}。责任人 {{personName}},请于 {{dueAt}} 前完成并报告。',
  },
  jointTaskSettled: {
    subject: '联合办理任务{{outcome}}:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}} 交{{unitName}}的任务“{{task}}”{{outcome}}:{{text}}',
  },
  concentratedFlagged: {
    subject: '集中突出问题:诉求 {{caseRef}}',
    body: '诉求 {{caseRef}}({{category}})列为集中突出问题,由区委主要领导督办:{{reason}}。督办时限至 {{reviewDueAt}}。',
  },
  deadlinesMoved: {
    subject: '时限调整:诉求 {{caseRef}}',
    body: '因{{reason}},诉求 {{caseRef}} 的时限调整如下:{{changes}}。',
  },
  calendarRunningOut: {
    subject: '节假日数据即将用完:请载入 {{nextYear}} 年安排',
    body: '节假日数据覆盖至 {{coveredThrough}}(剩 {{daysLeft}} 天)。请在运维页载入国务院办公厅公布的 {{nextYear}} 年节假日安排;此前,之后的时限暂按周一至周五计算。',
  },
  meetingDutyDue: {
    subject: '院坝会职责提醒:{{unitName}}',
    body: '{{periodKey}} 期间{{dutyName}}召开院坝会的职责:{{unitName}}应开 {{required}} 次,已开 {{held}} 次,将于 {{dueAt}} 到期。',
  },
  meetingDutyOverdue: {
    subject: '院坝会职责未完成:{{unitName}}',
    body: '{{periodKey}} 期间{{dutyName}}召开院坝会的职责:{{unitName}}应开 {{required}} 次,实开 {{held}} 次,已于 {{dueAt}} 到期。',
  },
  ledgerReviewOpened: {
    subject: '对账销号:{{unitName}} {{period}} 台账待审核',
    body: '{{unitName}} {{period}} 的台账对账销号表已生成:待销号 {{toStrikeOff}} 项,待结转 {{toCarryOver}} 项。请逐项核实办理结果和群众评价,于 {{dueAt}} 前签字确认。',
  },
  ledgerReviewReminder: {
    subject: '对账销号提醒:{{unitName}} {{period}}',
    body: '{{unitName}} {{period}} 的对账销号表尚有 {{undecided}} 项未处理,签字截止 {{dueAt}}。',
  },
  ledgerReviewEscalated: {
    subject: '对账销号逾期未签:{{unitName}} {{period}}',
    body: '{{unitName}} {{period}} 的对账销号表已过签字期限({{dueAt}}),尚有 {{undecided}} 项未处理,请督办。',
  },
  ledgerItemEscalated: {
    subject: '台账问题多次结转:{{unitName}}',
    body: '{{unitName}} 台账问题 {{caseRef}} 已连续 {{carriedOver}} 次结转未办结(理由:{{reason}}),新的办结时限 {{newTargetDate}},请督办。',
  },
};

/** Every (kind, channel) template the service seeds; SMS and group posts carry the subject in the body. */
export function defaultTemplates(): {
  kind: MessageKind;
  channel: TemplateChannel;
  subject: string;
  body: string;
}[] {
  return messageKinds.flatMap((kind) =>
    templateChannels.map((channel) => {
      const text = defaultTexts[kind];
      const body = channel === 'sms' ? `【璧山院坝会】${text.body}` : text.body;
      return { kind, channel, subject: text.subject, body };
    }),
  );
}

export function isMessageKind(value: string): value is MessageKind {
  return (messageKinds as readonly string[]).includes(value);
}

export function isTemplateChannel(value: string): value is TemplateChannel {
  return (templateChannels as readonly string[]).includes(value);
}
