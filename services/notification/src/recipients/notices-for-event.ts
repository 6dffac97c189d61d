import type { CaseEvent } from '@bishan/contracts';
import { publicReference, type DeadlineKind, type EscalationTrigger, type PauseReason } from '@bishan/domain';
import { personName, type BishanOrganisation } from '@bishan/db';
import type { MessageKind } from '../templates/message-kinds';
import type { TemplateValues } from '../templates/render';
import type { CaseScope } from './case-scope';

/** A group a post goes to (its robot webhook), by organisational scope. */
export interface GroupScope {
  scopeKind: 'town' | 'department';
  scopeId: string;
}

/** One thing to tell: who hears it (people and groups), which template, with which values. */
export interface Notice {
  kind: MessageKind;
  /** Never deferred by quiet hours. */
  urgent: boolean;
  recipients: string[];
  groups: GroupScope[];
  values: TemplateValues;
}

const escalationReason: Record<EscalationTrigger, string> = {
  overdue: '办理超期',
  unclaimed: '认领期满无人认领',
  reopenedAgain: '二次重办',
  untriaged: '台账研判超期',
  planLate: '办理方案超期',
  feedbackLate: '向群众反馈超期',
  extensionUndecided: '延期申请未及时审批',
  instructionUnacknowledged: '批示未及时签收',
  concentratedUnresolved: '集中突出问题督办期满未办结',
  jointTaskOverdue: '联合办理任务超期',
};

const deadlineName: Record<DeadlineKind, string> = {
  triage: '研判时限',
  claimWindow: '认领时限',
  handlingPlan: '办理方案时限',
  handling: '办理时限',
  feedback: '反馈时限',
  extensionDecision: '延期审批时限',
  instructionAck: '批示签收时限',
  concentratedReview: '集中突出问题督办时限',
  jointTask: '联合办理任务时限',
  ratingWindow: '评价时限',
  pauseLimit: '暂停时限',
  reminder: '提醒时间',
  escalation: '升级时限',
};

const pauseReasonName: Record<PauseReason, string> = {
  waitingForResident: '等待群众配合',
  waitingForFunds: '等待资金',
  waitingForSeason: '等待施工季节',
  waitingForThirdParty: '等待第三方',
};

/** An instant as people in Bishan read it: Beijing time, to the minute. */
export function shanghaiTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

const unique = (ids: Iterable<string>) => [...new Set(ids)];

/**
 * The workflow names the units a deadline concerns (departments, villages, towns); the people of a
 * unit are its handlers and leaders, its secretary, its leadership. An id that is no unit is a person.
 */
export function peopleOfUnits(ids: readonly string[], org: BishanOrganisation): string[] {
  return unique(
    ids.flatMap((id) => {
      const department = org.departments.find((d) => d.id === id);
      if (department) return [...department.handlerIds, ...department.leaderIds];
      const village = org.villages.find((v) => v.id === id);
      if (village) return [village.secretaryId];
      const town = org.towns.find((t) => t.id === id);
      if (town) return [...town.leaderIds];
      return [id];
    }),
  );
}

/**
 * Who hears about an event, by role and organisational scope, and what they read. `scope` is the
 * case as notification knew it before this event; events it does not know enough for reach nobody.
 */
export function noticesFor(event: CaseEvent, scope: CaseScope | null, org: BishanOrganisation): Notice[] {
  const caseId = event.caseId;
  const department = (id: string | null | undefined) => org.departments.find((d) => d.id === id);
  const town = (id: string | undefined) => org.towns.find((t) => t.id === id);
  const notice = (
    kind: MessageKind,
    recipients: Iterable<string>,
    values: Record<string, string>,
    extra?: Partial<Notice>,
  ): Notice[] => {
    const people = unique(recipients);
    const groups = extra?.groups ?? [];
    if (people.length === 0 && groups.length === 0) return [];
    return [
      { kind, urgent: extra?.urgent ?? false, recipients: people, groups, values: { caseId, caseRef, ...values } },
    ];
  };
  const category = scope?.category ?? '未分类';
  // People read a case by its village and the reference residents see on notices, not its full id.
  const villageName = org.villages.find((v) => v.id === scope?.villageId)?.name;
  const caseRef = villageName ? `${villageName}-${publicReference(caseId)}` : publicReference(caseId);
  const leaderName = (id: string) => {
    const title = [...org.topDistrictLeaders, ...org.districtLeaders].find((l) => l.id === id)?.title;
    return title ? `${title}${personName(id)}` : personName(id);
  };
  const departmentName = (id: string) => department(id)?.name ?? id;
  const unitName = (id: string) =>
    department(id)?.name ?? town(id)?.name ?? org.villages.find((v) => v.id === id)?.name ?? id;
  const handlerPeople = scope?.leadDepartmentId ? peopleOfUnits([scope.leadDepartmentId], org) : [];

  switch (event.type) {
    case 'case.assigned': {
      const p = event.payload;
      // Village cases go to the village's secretary, town cases to the town's leadership.
      const village = org.villages.find((v) => v.id === p.unitId);
      const recipients =
        p.level === 'village' ? (village ? [village.secretaryId] : []) : (town(p.unitId)?.leaderIds ?? []);
      const unitName =
        p.level === 'village' ? (village?.name ?? p.unitId) : (town(p.unitId)?.name ?? p.unitId);
      return notice('assigned', recipients, { category, unitName, dueAt: shanghaiTime(p.dueAt) });
    }
    case 'case.published': {
      if (!scope) return [];
      // Leaders of every department whose duty list covers the category may claim it.
      const covering = org.departments.filter((d) => d.dutyCategories.includes(scope.category));
      return notice(
        'claimOpen',
        covering.flatMap((d) => d.leaderIds),
        { category, claimDueAt: shanghaiTime(event.payload.claimDueAt) },
      );
    }
    case 'case.claimed': {
      const p = event.payload;
      const lead = department(p.leadDepartmentId);
      const coHandling = p.coHandlingDepartmentIds.flatMap((id) => department(id)?.leaderIds ?? []);
      return notice('claimed', [...(lead?.handlerIds ?? []), ...(lead?.leaderIds ?? []), ...coHandling], {
        category,
        departmentName: lead?.name ?? p.leadDepartmentId,
        handlingDueAt: shanghaiTime(p.handlingDueAt),
      });
    }
    case 'case.reminderSent': {
      const p = event.payload;
      return notice('reminder', peopleOfUnits(p.notify, org), {
        deadlineName: deadlineName[p.forKind] ?? p.forKind,
        dueAt: shanghaiTime(p.forDueAt),
        percent: String(Math.round(p.fraction * 100)),
      });
    }
    case 'case.deadlineMissed': {
      const p = event.payload;
      return notice('deadlineMissed', peopleOfUnits(p.notify, org), {
        deadlineName: deadlineName[p.kind] ?? p.kind,
        dueAt: shanghaiTime(p.dueAt),
      });
    }
    case 'case.escalated': {
      const p = event.payload;
      // The leaders of the escalation chain, and the groups of the case's town and lead department.
      const groups: GroupScope[] = [];
      if (scope) groups.push({ scopeKind: 'town', scopeId: scope.townId });
      if (scope?.leadDepartmentId) groups.push({ scopeKind: 'department', scopeId: scope.leadDepartmentId });
      return notice(
        'escalated',
        p.targetIds,
        { step: String(p.step), reason: escalationReason[p.trigger] ?? p.trigger },
        { urgent: true, groups },
      );
    }
    case 'case.extensionRequested': {
      const p = event.payload;
      // The supervising leaders decide extensions (checkSupervisor in the domain).
      return notice('extensionRequested', scope?.supervisorIds ?? [], {
        workingDays: String(p.workingDays),
        reason: p.reason,
      });
    }
    case 'case.resultReported':
      return notice('feedbackRequested', scope?.reporterIds ?? [], {
        summary: event.payload.summary,
        feedbackDueAt: shanghaiTime(event.payload.feedbackDueAt),
      });
    case 'case.feedbackGiven':
      return notice('ratingRequested', scope?.reporterIds ?? [], {
        ratingDueAt: shanghaiTime(event.payload.ratingDueAt),
      });
    case 'case.urged':
      return notice('urged', peopleOfUnits(event.payload.notify, org), {
        category,
        leaderName: leaderName(event.payload.actor.id),
        note: event.payload.note,
      });
    case 'case.instructionIssued':
      return notice(
        'instructed',
        peopleOfUnits(event.payload.notify, org),
        {
          category,
          leaderName: leaderName(event.payload.actor.id),
          text: event.payload.text,
          ackDueAt: shanghaiTime(event.payload.ackDueAt),
        },
        { urgent: true },
      );
    case 'case.departmentAssigned': {
      const p = event.payload;
      return notice('departmentAssigned', peopleOfUnits([p.departmentId], org), {
        category,
        leaderName: leaderName(p.actor.id),
        departmentName: departmentName(p.departmentId),
        reason: p.reason,
        handlingDueAt: shanghaiTime(p.handlingDueAt),
      });
    }
    case 'case.reassigned': {
      const p = event.payload;
      return notice('reassigned', peopleOfUnits([p.toDepartmentId, p.fromDepartmentId], org), {
        category,
        leaderName: leaderName(p.actor.id),
        departmentName: departmentName(p.toDepartmentId),
        reason: p.reason,
      });
    }
    case 'case.pauseRequested': {
      const p = event.payload;
      return notice('pauseApproval', p.notify, { category, workingDays: String(p.workingDays), pauseReason: pauseReasonName[p.reason] });
    }
    case 'case.pauseRequestRejected':
      return notice('pauseRejected', handlerPeople, { reason: event.payload.reason });
    // Every pause and resume reaches the supervising leaders' feed.
    case 'case.clockPaused': {
      const p = event.payload;
      const change = `暂停计时(${pauseReasonName[p.reason]}),最迟 ${shanghaiTime(p.limitAt)} 自动恢复`;
      return notice('clockChanged', scope?.supervisorIds ?? [], { category, change });
    }
    case 'case.clockResumed': {
      const p = event.payload;
      const change = p.automatic ? '暂停期满,已自动恢复计时' : '已恢复计时';
      return notice('clockChanged', scope?.supervisorIds ?? [], { category, change });
    }
    case 'case.requestsWithdrawn': {
      const p = event.payload;
      const what = [
        p.extension ? '延期申请' : '',
        p.pause ? '暂停计时申请' : '',
        p.instructionIds.length ? '批示' : '',
        p.jointTaskIds?.length ? '联合办理任务' : '',
      ]
        .filter(Boolean)
        .join('、');
      return what ? notice('requestsWithdrawn', scope?.supervisorIds ?? [], { what }) : [];
    }
    case 'case.jointTaskAssigned': {
      const p = event.payload;
      return notice('jointTaskAssigned', peopleOfUnits(p.notify, org), {
        category,
        // The lead unit gives tasks (the domain's precondition): the sender's unit.
        leadUnitName: unitName(p.actor.departmentId ?? p.actor.villageId ?? p.actor.townId ?? ''),
        unitName: unitName(p.unit.unitId),
        task: p.task,
        personName: p.personName,
        dueAt: shanghaiTime(p.dueAt),
      });
    }
    case 'case.jointTaskCompleted':
    case 'case.jointTaskExplained': {
      const p = event.payload;
      const done = event.type === 'case.jointTaskCompleted';
      return notice('jointTaskSettled', peopleOfUnits(p.notify, org), {
        unitName: unitName(p.unit.unitId),
        task: p.task,
        outcome: done ? (event.payload.late ? '已完成(超期)' : '已完成') : '未完成,牵头单位已说明',
        text: done ? event.payload.result : event.payload.explanation,
      });
    }
    case 'case.flaggedConcentrated': {
      const p = event.payload;
      return notice(
        'concentratedFlagged',
        [...org.topDistrictLeaders.map((l) => l.id), ...handlerPeople],
        { category, reason: p.reason, reviewDueAt: p.reviewDueAt ? shanghaiTime(p.reviewDueAt) : '未设定' },
        { urgent: true },
      );
    }
    case 'case.deadlinesRecomputed': {
      const p = event.payload;
      if (p.changes.length === 0) return [];
      const changes = p.changes
        .filter((c) => c.kind !== 'reminder')
        .map((c) => `${deadlineName[c.kind]}由 ${shanghaiTime(c.from)} 调整为 ${shanghaiTime(c.to)}`)
        .join(';');
      return changes ? notice('deadlinesMoved', handlerPeople, { reason: p.reason, changes }) : [];
    }
    // The rest reach people through the case pages.
    case 'case.raised':
    case 'case.resolvedOnSpot':
    case 'case.enteredLedger':
    case 'case.returned':
    case 'case.transferred':
    case 'case.handlingPlanSubmitted':
    case 'case.extensionApproved':
    case 'case.extensionRejected':
    case 'case.rated':
    case 'case.ratingWindowExpired':
    case 'case.reopened':
    case 'case.ratingCollected':
    case 'case.instructionAcknowledged':
    case 'case.escalationAcknowledged':
    case 'case.closed':
      return [];
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
