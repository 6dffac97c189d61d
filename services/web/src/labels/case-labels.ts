import type {
  CaseEvent,
  CaseEventType,
  DeadlineKind,
  EscalationTarget,
  EscalationTrigger,
  PauseReason,
  RatingChannel,
  SupervisionLevel,
} from '@bishan/domain';
import type { Language } from '../language';

// Names for the domain's unions, keyed by them: a new event type, deadline kind, trigger or target
// in the domain does not compile here until it has its Chinese and English names.

export type Names<K extends string> = Readonly<Record<K, readonly [zh: string, en: string]>>;

export const eventTypeNames: Names<CaseEventType> = {
  caseRaised: ['提出问题', 'Raised'],
  caseEnteredLedger: ['进入台账', 'Entered the ledger'],
  caseResolvedOnSpot: ['现场解决', 'Resolved on the spot'],
  caseAssigned: ['交办村镇', 'Assigned to village/town'],
  casePublished: ['发布认领', 'Published'],
  caseClaimed: ['认领', 'Claimed'],
  caseReturned: ['退回', 'Returned'],
  caseTransferred: ['转办', 'Transferred'],
  handlingPlanSubmitted: ['报送方案', 'Plan submitted'],
  extensionRequested: ['申请延期', 'Extension requested'],
  extensionApproved: ['批准延期', 'Extension approved'],
  extensionRejected: ['驳回延期', 'Extension rejected'],
  clockPaused: ['暂停计时', 'Clock paused'],
  pauseRequested: ['申请暂停计时', 'Pause requested'],
  pauseRequestRejected: ['驳回暂停申请', 'Pause refused'],
  clockResumed: ['恢复计时', 'Clock resumed'],
  reminderSent: ['到期提醒', 'Reminder'],
  deadlineMissed: ['超过时限', 'Deadline missed'],
  caseEscalated: ['升级督办', 'Escalated'],
  resultReported: ['报送结果', 'Result reported'],
  feedbackGiven: ['反馈群众', 'Feedback given'],
  caseRated: ['群众评价', 'Rated'],
  ratingCollected: ['回访评价', 'Rating collected'],
  ratingWindowExpired: ['评价期满', 'Rating window expired'],
  caseReopened: ['重新办理', 'Reopened'],
  caseFlaggedConcentrated: ['列为集中突出问题', 'Flagged as a concentrated issue'],
  departmentAssigned: ['领导交办', 'Assigned by a leader'],
  caseReassigned: ['领导改派', 'Reassigned by a leader'],
  caseUrged: ['催办', 'Urged'],
  instructionIssued: ['领导批示', 'Instruction'],
  instructionAcknowledged: ['签收批示', 'Instruction acknowledged'],
  escalationAcknowledged: ['已阅督办', 'Escalation acknowledged'],
  requestsWithdrawn: ['撤回未决申请', 'Open requests withdrawn'],
  jointTaskAssigned: ['联合办理交办', 'Joint task given'],
  jointTaskCompleted: ['联合办理任务完成', 'Joint task done'],
  jointTaskExplained: ['联合办理任务说明', 'Joint task explained'],
  deadlinesRecomputed: ['按节假日安排调整时限', 'Deadlines recounted'],
  caseClosed: ['办结', 'Closed'],
};

export const deadlineKindNames: Names<DeadlineKind> = {
  triage: ['研判时限', 'Triage'],
  claimWindow: ['认领时限', 'Claim window'],
  handlingPlan: ['方案时限', 'Handling plan'],
  handling: ['办理时限', 'Handling'],
  feedback: ['反馈时限', 'Feedback'],
  extensionDecision: ['延期审批时限', 'Extension decision'],
  instructionAck: ['批示签收时限', 'Instruction acknowledgement'],
  concentratedReview: ['集中问题督办时限', 'Concentrated issue review'],
  jointTask: ['联合办理任务时限', 'Joint task'],
  ratingWindow: ['评价期', 'Rating window'],
  pauseLimit: ['暂停期满', 'End of pause'],
  reminder: ['提醒', 'Reminder'],
  escalation: ['升级', 'Escalation'],
};

export const escalationTriggerNames: Names<EscalationTrigger> = {
  overdue: ['办理超期', 'overdue'],
  unclaimed: ['无人认领', 'unclaimed'],
  reopenedAgain: ['二次重办', 'reopened again'],
  untriaged: ['未及时研判', 'not triaged'],
  planLate: ['方案超期', 'plan late'],
  feedbackLate: ['未及时反馈', 'feedback late'],
  extensionUndecided: ['延期未审批', 'extension undecided'],
  instructionUnacknowledged: ['批示未签收', 'instruction unacknowledged'],
  concentratedUnresolved: ['集中问题未办结', 'concentrated issue unresolved'],
  jointTaskOverdue: ['联合办理任务超期', 'joint task overdue'],
};

export const escalationTargetNames: Names<EscalationTarget> = {
  responsibleLeader: ['承办单位负责人', 'the handler’s leaders'],
  supervisingDistrictLeader: ['分管区领导', 'the supervising district leader'],
  topDistrictLeaders: ['区委主要领导', 'the top district leaders'],
  townLeaders: ['镇街领导', 'the town’s leaders'],
  townDistrictLeader: ['联系镇街的区领导', 'the town’s district leader'],
};

export const supervisionLevelNames: Names<SupervisionLevel> = {
  town: ['镇街督办', 'Town'],
  supervisingDistrictLeader: ['分管区领导督办', 'Supervising district leader'],
  topDistrictLeaders: ['区委主要领导督办', 'Top district leaders'],
};

export const pauseReasonNames: Names<PauseReason> = {
  waitingForResident: ['等待群众配合', 'Waiting for the resident'],
  waitingForFunds: ['等待资金', 'Waiting for funds'],
  waitingForSeason: ['等待施工季节', 'Waiting for the season'],
  waitingForThirdParty: ['等待第三方', 'Waiting for a third party'],
};

export const ratingChannelNames: Names<RatingChannel> = {
  inPerson: ['上门回访', 'In person'],
  phone: ['电话回访', 'By phone'],
};

export const nameIn = <K extends string>(names: Names<K>, key: K, language: Language): string =>
  names[key][language === 'zh' ? 0 : 1];

/** How the page names things inside a sentence; ids become names. */
export interface Namer {
  language: Language;
  person(id: string): string;
  unit(level: string | null | undefined, id: string): string;
  department(id: string): string;
  time(iso: string): string;
}

/**
 * One sentence saying what an event did, in the reader's language, with names for ids: what the
 * timeline shows under each entry. Exhaustive: a new event type needs its sentence here.
 */
export function eventSentence(event: CaseEvent, n: Namer): string {
  const zh = n.language === 'zh';
  const say = (chinese: string, english: string) => (zh ? chinese : english);
  const people = (ids: readonly string[]) => ids.map((id) => n.person(id)).join(zh ? '、' : ', ');
  switch (event.type) {
    case 'caseRaised':
      return say(`${event.category}:${event.description}`, `${event.category}: ${event.description}`);
    case 'caseEnteredLedger':
      return say('记入台账,待镇街研判', 'In the ledger, waiting for the town’s triage');
    case 'caseResolvedOnSpot':
      return say(`现场解决:${event.summary}`, `Resolved on the spot: ${event.summary}`);
    case 'caseAssigned':
      return say(
        `交由${n.unit(event.level, event.unitId)}办理,${n.time(event.dueAt)} 前办结${event.note ? `(${event.note})` : ''}`,
        `Given to ${n.unit(event.level, event.unitId)}, due ${n.time(event.dueAt)}${event.note ? ` (${event.note})` : ''}`,
      );
    case 'casePublished':
      return say(
        `发布到区级认领池,${n.time(event.claimDueAt)} 前认领${event.note ? `(${event.note})` : ''}`,
        `Published for a claim by ${n.time(event.claimDueAt)}${event.note ? ` (${event.note})` : ''}`,
      );
    case 'caseClaimed':
      return say(
        `${n.department(event.leadDepartmentId)}认领${event.late ? '(逾期认领)' : ''},${n.time(event.handlingDueAt)} 前办结`,
        `Claimed by ${n.department(event.leadDepartmentId)}${event.late ? ' (late)' : ''}, due ${n.time(event.handlingDueAt)}`,
      );
    case 'caseReturned':
      return say(`${n.unit(event.fromLevel, event.fromUnitId)}退回镇街:${event.reason}`, `Returned by ${n.unit(event.fromLevel, event.fromUnitId)}: ${event.reason}`);
    case 'caseTransferred':
      return say(
        `由${n.department(event.fromDepartmentId)}转至${n.department(event.toDepartmentId)}:${event.reason}`,
        `Transferred from ${n.department(event.fromDepartmentId)} to ${n.department(event.toDepartmentId)}: ${event.reason}`,
      );
    case 'handlingPlanSubmitted':
      return say(
        `方案:${event.plan}(责任:${event.responsibility.unit} ${event.responsibility.personName})${event.late ? ',逾期报送' : ''}`,
        `Plan: ${event.plan} (responsible: ${event.responsibility.unit}, ${event.responsibility.personName})${event.late ? ', late' : ''}`,
      );
    case 'reminderSent':
      return say(
        `${nameIn(deadlineKindNames, event.forKind, n.language)}已过 ${Math.round(event.fraction * 100)}%,${n.time(event.forDueAt)} 到期`,
        `${nameIn(deadlineKindNames, event.forKind, n.language)} ${Math.round(event.fraction * 100)} % gone, due ${n.time(event.forDueAt)}`,
      );
    case 'deadlineMissed':
      return say(
        `超过${nameIn(deadlineKindNames, event.kind, n.language)}(${n.time(event.dueAt)})${event.extensionRequestLapsed ? ',延期申请随之失效' : ''}`,
        `Missed the ${nameIn(deadlineKindNames, event.kind, n.language).toLowerCase()} deadline (${n.time(event.dueAt)})${event.extensionRequestLapsed ? '; the extension request lapsed' : ''}`,
      );
    case 'caseEscalated':
      return say(
        `因${nameIn(escalationTriggerNames, event.trigger, n.language)}升级至${nameIn(escalationTargetNames, event.target, n.language)}(第${event.step}级${event.repeat ? `,第${event.repeat}次再提醒` : ''}):${people(event.targetIds)}`,
        `Escalated (${nameIn(escalationTriggerNames, event.trigger, n.language)}) to ${nameIn(escalationTargetNames, event.target, n.language)}, step ${event.step}${event.repeat ? `, reminder ${event.repeat}` : ''}: ${people(event.targetIds)}`,
      );
    case 'extensionRequested':
      return say(`申请延期 ${event.workingDays} 个工作日:${event.reason}`, `Asked for ${event.workingDays} more working days: ${event.reason}`);
    case 'extensionApproved':
      return say(
        `批准延期 ${event.workingDays} 个工作日,时限由 ${n.time(event.previousDueAt)} 延至 ${n.time(event.newDueAt)}:${event.reason}`,
        `Extension of ${event.workingDays} working days approved, ${n.time(event.previousDueAt)} → ${n.time(event.newDueAt)}: ${event.reason}`,
      );
    case 'extensionRejected':
      return say(`驳回延期:${event.reason}`, `Extension refused: ${event.reason}`);
    case 'clockPaused':
      return say(
        `暂停计时(${nameIn(pauseReasonNames, event.reason, n.language)}),最迟 ${n.time(event.limitAt)} 自动恢复${event.note ? `:${event.note}` : ''}`,
        `Clock paused (${nameIn(pauseReasonNames, event.reason, n.language)}) until ${n.time(event.limitAt)} at the latest${event.note ? `: ${event.note}` : ''}`,
      );
    case 'pauseRequested':
      return say(
        `申请暂停计时 ${event.workingDays} 个工作日(${nameIn(pauseReasonNames, event.reason, n.language)}),待${people(event.notify)}审批`,
        `Asked to pause ${event.workingDays} working days (${nameIn(pauseReasonNames, event.reason, n.language)}), for ${people(event.notify)} to approve`,
      );
    case 'pauseRequestRejected':
      return say(`驳回暂停申请:${event.reason}`, `Pause refused: ${event.reason}`);
    case 'clockResumed':
      return say(event.automatic ? '暂停期满,自动恢复计时' : '恢复计时', event.automatic ? 'The pause ran out; the clock runs again' : 'Clock resumed');
    case 'resultReported':
      return say(`办理结果:${event.summary}${event.overdue ? '(超期办结)' : ''}`, `Result: ${event.summary}${event.overdue ? ' (overdue)' : ''}`);
    case 'feedbackGiven':
      return say(
        `已向群众反馈${event.late ? '(逾期)' : ''},评价期至 ${n.time(event.ratingDueAt)}${event.note ? `:${event.note}` : ''}`,
        `Residents told${event.late ? ' (late)' : ''}; rating open until ${n.time(event.ratingDueAt)}${event.note ? `: ${event.note}` : ''}`,
      );
    case 'caseRated': {
      const how = event.collected ? say(`(${nameIn(ratingChannelNames, event.collected.channel, n.language)},${n.person(event.collected.collectedByActorId)}采集)`, ` (${nameIn(ratingChannelNames, event.collected.channel, n.language).toLowerCase()}, collected by ${n.person(event.collected.collectedByActorId)})`) : '';
      return `${ratingName(event.rating, n.language)}${how}${event.comment ? say(`:${event.comment}`, `: ${event.comment}`) : ''}`;
    }
    case 'ratingCollected':
      return say(
        `${nameIn(ratingChannelNames, event.channel, n.language)}:${ratingName(event.rating, n.language)}(评价期满时计入,群众本人评价优先)`,
        `${nameIn(ratingChannelNames, event.channel, n.language)}: ${ratingName(event.rating, n.language)} (counts when the window closes unless the resident rates)`,
      );
    case 'ratingWindowExpired':
      return say('评价期满,群众未评价', 'The rating window closed without a rating');
    case 'caseReopened':
      return say(`第 ${event.reopenCount} 次重新办理,${n.time(event.dueAt)} 前办结`, `Reopened (${event.reopenCount}), due ${n.time(event.dueAt)}`);
    case 'caseFlaggedConcentrated':
      return say(
        `列为集中突出问题,由区委主要领导督办${event.reviewDueAt ? `,督办时限 ${n.time(event.reviewDueAt)}` : ''}:${event.reason}`,
        `A concentrated issue under the top leaders${event.reviewDueAt ? `, review by ${n.time(event.reviewDueAt)}` : ''}: ${event.reason}`,
      );
    case 'departmentAssigned':
      return say(
        `交由${n.department(event.departmentId)}办理${event.late ? '(认领期满后交办)' : ''},${n.time(event.handlingDueAt)} 前办结:${event.reason}`,
        `Assigned to ${n.department(event.departmentId)}${event.late ? ' (after the claim window)' : ''}, due ${n.time(event.handlingDueAt)}: ${event.reason}`,
      );
    case 'caseReassigned':
      return say(
        `由${n.department(event.fromDepartmentId)}改派${n.department(event.toDepartmentId)}:${event.reason}`,
        `Reassigned from ${n.department(event.fromDepartmentId)} to ${n.department(event.toDepartmentId)}: ${event.reason}`,
      );
    case 'caseUrged':
      return say(`催办:${event.note}`, `Urged: ${event.note}`);
    case 'instructionIssued':
      return say(`批示:${event.text}(${n.time(event.ackDueAt)} 前签收)`, `Instruction: ${event.text} (acknowledge by ${n.time(event.ackDueAt)})`);
    case 'instructionAcknowledged':
      return say(`签收批示${event.late ? '(逾期)' : ''}${event.note ? `:${event.note}` : ''}`, `Instruction acknowledged${event.late ? ' (late)' : ''}${event.note ? `: ${event.note}` : ''}`);
    case 'escalationAcknowledged':
      return say(
        `已阅第${event.step}级督办(${nameIn(escalationTriggerNames, event.trigger, n.language)})${event.note ? `:${event.note}` : ''}`,
        `Saw step ${event.step} (${nameIn(escalationTriggerNames, event.trigger, n.language)})${event.note ? `: ${event.note}` : ''}`,
      );
    case 'jointTaskAssigned':
      return say(
        `联合办理:交${n.unit(event.unit.level, event.unit.unitId)}「${event.task}」,责任人${event.personName},${n.time(event.dueAt)} 前完成`,
        `Joint task for ${n.unit(event.unit.level, event.unit.unitId)}: "${event.task}", responsible ${event.personName}, due ${n.time(event.dueAt)}`,
      );
    case 'jointTaskCompleted':
      return say(
        `${n.unit(event.unit.level, event.unit.unitId)}完成「${event.task}」${event.late ? '(逾期)' : ''}:${event.result}`,
        `${n.unit(event.unit.level, event.unit.unitId)} did "${event.task}"${event.late ? ' (late)' : ''}: ${event.result}`,
      );
    case 'jointTaskExplained':
      return say(
        `牵头单位说明${n.unit(event.unit.level, event.unit.unitId)}的「${event.task}」未完成:${event.explanation}`,
        `The lead unit explained why ${n.unit(event.unit.level, event.unit.unitId)}'s "${event.task}" is not done: ${event.explanation}`,
      );
    case 'requestsWithdrawn': {
      const tasks = event.jointTaskIds?.length ?? 0;
      const what = [
        event.extension ? say('延期申请', 'the extension request') : '',
        event.pause ? say('暂停申请', 'the pause request') : '',
        event.instructionIds.length ? say(`${event.instructionIds.length} 条未签收批示`, `${event.instructionIds.length} unacknowledged instruction(s)`) : '',
        tasks ? say(`${tasks} 项联合办理任务`, `${tasks} joint task(s)`) : '',
      ].filter(Boolean);
      return say(`案件已进入下一环节(${nameIn(eventTypeNames, event.because, n.language)}),自动撤回${what.join('、')}`, `Moved on (${nameIn(eventTypeNames, event.because, n.language)}): withdrew ${what.join(', ')}`);
    }
    case 'deadlinesRecomputed': {
      const moved = event.changes
        .filter((c) => c.kind !== 'reminder')
        .map((c) => `${nameIn(deadlineKindNames, c.kind, n.language)} ${n.time(c.from)} → ${n.time(c.to)}`);
      const why = event.reason;
      if (moved.length === 0) return say(`${why};时限不变`, `${why}; no deadline moved`);
      return say(`${why};${moved.join(';')}`, `${why}; ${moved.join('; ')}`);
    }
    case 'caseClosed':
      return say(`办结(${closureName(event.closure, n.language)})`, `Closed (${closureName(event.closure, n.language)})`);
  }
}

function ratingName(rating: 'satisfied' | 'basicallySatisfied' | 'dissatisfied', language: Language): string {
  const names = { satisfied: ['满意', 'satisfied'], basicallySatisfied: ['基本满意', 'basically satisfied'], dissatisfied: ['不满意', 'dissatisfied'] } as const;
  return names[rating][language === 'zh' ? 0 : 1];
}

function closureName(closure: 'resolvedOnSpot' | 'satisfied' | 'basicallySatisfied' | 'notRated', language: Language): string {
  const names = {
    resolvedOnSpot: ['现场解决', 'resolved on the spot'],
    satisfied: ['满意', 'satisfied'],
    basicallySatisfied: ['基本满意', 'basically satisfied'],
    notRated: ['未评价', 'not rated'],
  } as const;
  return names[closure][language === 'zh' ? 0 : 1];
}

/** 剩余3天1小时 / 3 d 1 h: a duration as people here read it. */
export function durationIn(ms: number, language: Language): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (language === 'zh') {
    if (days > 0) return `${days}天${hours}小时`;
    if (hours > 0) return `${hours}小时${minutes}分`;
    if (minutes > 0) return `${minutes}分${seconds}秒`;
    return `${seconds}秒`;
  }
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}
