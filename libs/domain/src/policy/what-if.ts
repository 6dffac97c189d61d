import { type Actor, systemActor } from '../actor';
import type { CalendarData } from '../calendar/holiday-data';
import { shanghaiDateOf } from '../calendar/shanghai-time';
import type { CaseCommand, RaiseCase } from '../case/case-commands';
import { decide } from '../case/case-decide';
import type { CaseEvent } from '../case/case-events';
import { evolveAll } from '../case/case-evolve';
import { type CasePolicy, watchedDeadlineKinds } from '../case/case-policy';
import { type CaseState, initialState } from '../case/case-state';
import { nextDeadline } from '../case/deadline';
import { toEpochMs } from '../instant';
import { defaultKpiPolicy } from '../kpi/kpi-policy';
import type { Directory } from '../organisation/duty-list';

/** A case as it was recorded: its timeline's events, in order. */
export interface RecordedCase {
  readonly caseId: string;
  readonly events: readonly CaseEvent[];
}

/** A person's command as the timeline shows it was given, with its instant. */
export interface RecordedCommand {
  readonly at: string;
  readonly command: CaseCommand;
}

/** A recorded command the draft's rules refuse, counted and listed (never dropped silently). */
export interface RefusedCommand {
  readonly caseId: string;
  readonly type: CaseCommand['type'];
  readonly at: string;
  readonly code: string;
  readonly reason: string;
}

/** The figures of a what-if, for one group of cases (or all). */
export interface WhatIfFigures {
  cases: number;
  /** Watched deadlines cleared in time, missed, and still running at the end of the window. */
  deadlinesMet: number;
  deadlinesMissed: number;
  deadlinesPending: number;
  missedByKind: Record<string, number>;
  /** Escalations by step ('1', '2', …). */
  escalationsByStep: Record<string, number>;
  remindersSent: number;
  resultsReported: number;
  resultsOnTime: number;
  ratings: number;
  /** Satisfaction credit of the ratings (KPI weights: satisfied 1, basically satisfied 0.9). */
  ratingCredit: number;
}

export interface WhatIfSide {
  readonly actual: WhatIfFigures;
  readonly simulated: WhatIfFigures;
}

/** What a draft would have done to the recorded cases, side by side with what happened. */
export interface WhatIfReport {
  readonly draftVersion: string;
  readonly total: WhatIfSide;
  readonly byDepartment: Record<string, WhatIfSide>;
  readonly byTown: Record<string, WhatIfSide>;
  /** Escalations that reached each leader, by ISO week (Shanghai), actual and simulated. */
  readonly leaderLoad: Record<string, { actual: Record<string, number>; simulated: Record<string, number> }>;
  readonly refused: readonly RefusedCommand[];
}

export interface WhatIfContext {
  readonly draft: CasePolicy;
  readonly directory: Directory;
  readonly calendar?: CalendarData;
  /** The end of the simulated window: deadlines are fired up to it, no further. */
  readonly until: string;
}

export function emptyFigures(): WhatIfFigures {
  return {
    cases: 0,
    deadlinesMet: 0,
    deadlinesMissed: 0,
    deadlinesPending: 0,
    missedByKind: {},
    escalationsByStep: {},
    remindersSent: 0,
    resultsReported: 0,
    resultsOnTime: 0,
    ratings: 0,
    ratingCredit: 0,
  };
}

/** Figures of one case from its events and its state at the end. */
export function figuresOf(events: readonly CaseEvent[], end: CaseState): WhatIfFigures {
  const figures = emptyFigures();
  figures.cases = 1;
  const watched = new Set<string>(watchedDeadlineKinds);
  const scheduled = new Set<string>();
  for (const event of events) {
    for (const d of event.schedule?.add ?? []) if (watched.has(d.kind)) scheduled.add(d.id);
    if (event.type === 'deadlineMissed' && watched.has(event.kind)) {
      figures.deadlinesMissed += 1;
      figures.missedByKind[event.kind] = (figures.missedByKind[event.kind] ?? 0) + 1;
    } else if (event.type === 'caseEscalated') {
      figures.escalationsByStep[String(event.step)] = (figures.escalationsByStep[String(event.step)] ?? 0) + 1;
    } else if (event.type === 'reminderSent') {
      figures.remindersSent += 1;
    } else if (event.type === 'resultReported') {
      figures.resultsReported += 1;
      if (!event.overdue) figures.resultsOnTime += 1;
    } else if (event.type === 'caseRated') {
      figures.ratings += 1;
      figures.ratingCredit += defaultKpiPolicy.satisfactionWeights[event.rating];
    }
  }
  const pending = end.deadlines.filter((d) => scheduled.has(d.id)).length;
  figures.deadlinesPending = pending;
  figures.deadlinesMet = Math.max(0, scheduled.size - figures.deadlinesMissed - pending);
  return figures;
}

export function addFigures(a: WhatIfFigures, b: WhatIfFigures): WhatIfFigures {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [key, value] of Object.entries(y)) out[key] = (out[key] ?? 0) + value;
    return out;
  };
  return {
    cases: a.cases + b.cases,
    deadlinesMet: a.deadlinesMet + b.deadlinesMet,
    deadlinesMissed: a.deadlinesMissed + b.deadlinesMissed,
    deadlinesPending: a.deadlinesPending + b.deadlinesPending,
    missedByKind: add(a.missedByKind, b.missedByKind),
    escalationsByStep: add(a.escalationsByStep, b.escalationsByStep),
    remindersSent: a.remindersSent + b.remindersSent,
    resultsReported: a.resultsReported + b.resultsReported,
    resultsOnTime: a.resultsOnTime + b.resultsOnTime,
    ratings: a.ratings + b.ratings,
    ratingCredit: Math.round((a.ratingCredit + b.ratingCredit) * 1e6) / 1e6,
  };
}

/**
 * The commands people gave, read back from a timeline: each accepted command left its event, with
 * its actor and instant. Events the system produced (timers, withdrawals) are not commands: the
 * simulation produces its own. An instruction is named by the order it was given in.
 */
export function commandsOf(recorded: RecordedCase, draftVersion: string): RecordedCommand[] {
  const out: RecordedCommand[] = [];
  const events = recorded.events;
  const instructionOrder = new Map<string, number>();
  const taskOrder = new Map<string, number>();
  const at = (command: CaseCommand, e: CaseEvent) => out.push({ at: e.at, command });
  const actor = (e: CaseEvent): Actor => e.actor;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as CaseEvent;
    switch (e.type) {
      case 'caseRaised': {
        const onSpot = events.find((x) => x.type === 'caseResolvedOnSpot');
        const raise: RaiseCase = {
          type: 'raiseCase',
          actor: actor(e),
          caseId: e.caseId,
          category: e.category,
          description: e.description,
          complexity: e.complexity,
          channel: e.channel,
          ...(e.meetingId === undefined ? {} : { meetingId: e.meetingId }),
          location: e.location,
          reporterIds: e.reporterIds,
          attachmentRefs: e.attachmentRefs,
          policyVersion: draftVersion,
          ...(onSpot?.type === 'caseResolvedOnSpot' ? { resolvedOnSpot: { summary: onSpot.summary } } : {}),
        };
        at(raise, e);
        break;
      }
      case 'casePublished':
        at({ type: 'triageCase', actor: actor(e), route: 'district', ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'caseAssigned':
        at({ type: 'triageCase', actor: actor(e), route: e.level, ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'caseClaimed':
        at({ type: 'claimCase', actor: actor(e), coHandlingDepartmentIds: e.coHandlingDepartmentIds }, e);
        break;
      case 'departmentAssigned':
        at({ type: 'assignDepartment', actor: actor(e), departmentId: e.departmentId, reason: e.reason }, e);
        break;
      case 'caseReturned':
        at({ type: 'returnCase', actor: actor(e), reason: e.reason }, e);
        break;
      case 'caseTransferred':
        at({ type: 'transferCase', actor: actor(e), toDepartmentId: e.toDepartmentId, reason: e.reason }, e);
        break;
      case 'caseReassigned':
        at({ type: 'reassignCase', actor: actor(e), toDepartmentId: e.toDepartmentId, reason: e.reason }, e);
        break;
      case 'handlingPlanSubmitted': {
        const { unit, personName, personId } = e.responsibility;
        at({ type: 'submitHandlingPlan', actor: actor(e), plan: e.plan, responsibility: { unit, personName, ...(personId ? { personId } : {}) } }, e);
        break;
      }
      case 'extensionRequested':
        at({ type: 'requestExtension', actor: actor(e), workingDays: e.workingDays, reason: e.reason }, e);
        break;
      case 'extensionApproved':
        at({ type: 'approveExtension', actor: actor(e), reason: e.reason }, e);
        break;
      case 'extensionRejected':
        at({ type: 'rejectExtension', actor: actor(e), reason: e.reason }, e);
        break;
      case 'pauseRequested':
        at({ type: 'pauseClock', actor: actor(e), reason: e.reason, workingDays: e.workingDays, ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'clockPaused':
        if (e.requestedByActorId) at({ type: 'approvePause', actor: actor(e) }, e);
        else at({ type: 'pauseClock', actor: actor(e), reason: e.reason, ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'pauseRequestRejected':
        at({ type: 'rejectPause', actor: actor(e), reason: e.reason }, e);
        break;
      case 'clockResumed':
        if (!e.automatic) at({ type: 'resumeClock', actor: actor(e) }, e);
        break;
      case 'resultReported':
        at({ type: 'reportResult', actor: actor(e), summary: e.summary }, e);
        break;
      case 'feedbackGiven':
        at({ type: 'giveFeedback', actor: actor(e), ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'caseRated':
        // A collected rating applied when the window closed is the system's, from ratingCollected.
        if (!e.collected) at({ type: 'rateCase', actor: actor(e), rating: e.rating, ...(e.comment === undefined ? {} : { comment: e.comment }) }, e);
        break;
      case 'ratingCollected':
        at(
          {
            type: 'recordRating',
            actor: actor(e),
            rating: e.rating,
            channel: e.channel,
            ...(e.comment === undefined ? {} : { comment: e.comment }),
            ...(e.residentId === undefined ? {} : { residentId: e.residentId }),
          },
          e,
        );
        break;
      case 'caseUrged':
        at({ type: 'urgeCase', actor: actor(e), note: e.note }, e);
        break;
      case 'instructionIssued':
        instructionOrder.set(e.instructionId, instructionOrder.size);
        at({ type: 'instructCase', actor: actor(e), text: e.text }, e);
        break;
      case 'instructionAcknowledged':
        // Named by its order; the simulation maps it to the id its own instruction got.
        at({ type: 'acknowledgeInstruction', actor: actor(e), instructionId: `#${instructionOrder.get(e.instructionId) ?? -1}`, ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'jointTaskAssigned':
        taskOrder.set(e.taskId, taskOrder.size);
        at(
          {
            type: 'assignJointTask',
            actor: actor(e),
            unit: e.unit,
            task: e.task,
            personName: e.personName,
            ...(e.personId === undefined ? {} : { personId: e.personId }),
            workingDays: e.workingDays,
          },
          e,
        );
        break;
      // Tasks are named by their order, like instructions.
      case 'jointTaskCompleted':
        at({ type: 'completeJointTask', actor: actor(e), taskId: `#${taskOrder.get(e.taskId) ?? -1}`, result: e.result }, e);
        break;
      case 'jointTaskExplained':
        at({ type: 'explainJointTask', actor: actor(e), taskId: `#${taskOrder.get(e.taskId) ?? -1}`, explanation: e.explanation }, e);
        break;
      case 'escalationAcknowledged':
        at({ type: 'acknowledgeEscalation', actor: actor(e), ...(e.note === undefined ? {} : { note: e.note }) }, e);
        break;
      case 'caseFlaggedConcentrated':
        at({ type: 'flagConcentrated', actor: actor(e), reason: e.reason, ...(e.clusterId === undefined ? {} : { clusterId: e.clusterId }) }, e);
        break;
      case 'caseResolvedOnSpot':
      case 'caseEnteredLedger':
      case 'reminderSent':
      case 'deadlineMissed':
      case 'caseEscalated':
      case 'ratingWindowExpired':
      case 'caseReopened':
      case 'caseClosed':
      case 'requestsWithdrawn':
      case 'deadlinesRecomputed':
        break;
      default: {
        // A new event type must say here whether it replays as a command.
        const unhandled: never = e;
        throw new Error(`the what-if does not know event ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return out;
}

export interface SimulatedCase {
  readonly events: CaseEvent[];
  readonly state: CaseState;
  readonly refused: RefusedCommand[];
}

/**
 * One case under the draft on a virtual clock: the recorded commands at their recorded instants,
 * the draft's deadlines firing in between (as the workflow fires them), up to `until`.
 */
export function simulateCase(recorded: RecordedCase, ctx: WhatIfContext): SimulatedCase {
  const policies = [ctx.draft];
  let state: CaseState = initialState;
  const events: CaseEvent[] = [];
  const refused: RefusedCommand[] = [];
  const instructionIds: string[] = [];
  const taskIds: string[] = [];
  const apply = (command: CaseCommand, at: string | number): boolean => {
    const decision = decide(state, command, { now: at, directory: ctx.directory, policies, ...(ctx.calendar ? { calendar: ctx.calendar } : {}) });
    if (!decision.ok) {
      if (command.type !== 'deadlineReached') {
        refused.push({ caseId: recorded.caseId, type: command.type, at: new Date(at).toISOString(), code: decision.code, reason: decision.reason });
      }
      return false;
    }
    state = evolveAll(state, decision.events);
    events.push(...decision.events);
    for (const e of decision.events) {
      if (e.type === 'instructionIssued') instructionIds.push(e.instructionId);
      if (e.type === 'jointTaskAssigned') taskIds.push(e.taskId);
    }
    return true;
  };
  const fireUntil = (until: number) => {
    for (let next = nextDeadline(state); next && toEpochMs(next.dueAt) <= until; next = nextDeadline(state)) {
      if (!apply({ type: 'deadlineReached', actor: systemActor, deadlineId: next.id }, next.dueAt)) break;
    }
  };
  for (const { at, command } of commandsOf(recorded, ctx.draft.version)) {
    fireUntil(toEpochMs(at));
    apply(withSimulatedIds(command, instructionIds, taskIds), at);
  }
  fireUntil(toEpochMs(ctx.until));
  return { events, state, refused };
}

/** A command naming an instruction or a task by its order (`#n`) gets the id the simulation gave it. */
function withSimulatedIds(command: CaseCommand, instructionIds: readonly string[], taskIds: readonly string[]): CaseCommand {
  const byOrder = (ref: string, ids: readonly string[]) => (ref.startsWith('#') ? (ids[Number(ref.slice(1))] ?? 'none') : ref);
  if (command.type === 'acknowledgeInstruction') return { ...command, instructionId: byOrder(command.instructionId, instructionIds) };
  if (command.type === 'completeJointTask' || command.type === 'explainJointTask') return { ...command, taskId: byOrder(command.taskId, taskIds) };
  return command;
}

/** The department a case was last with (or '—'), and its town: the groups a report splits by. */
function groupsOf(state: CaseState): { department: string; town: string } {
  if (state.status === 'notRaised') return { department: '—', town: '—' };
  return { department: state.handler?.level === 'district' ? state.handler.unitId : '—', town: state.location.townId };
}

/** The ISO week (Shanghai) of an instant, e.g. 2025-W10: the week the leader load counts it in. */
export function isoWeekOf(iso: string): string {
  const date = shanghaiDateOf(iso);
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function emptyReport(draftVersion: string): WhatIfReport {
  return { draftVersion, total: { actual: emptyFigures(), simulated: emptyFigures() }, byDepartment: {}, byTown: {}, leaderLoad: {}, refused: [] };
}

/** A report of some recorded cases; reports of disjoint sets merge with mergeReports in any order. */
export function whatIf(cases: readonly RecordedCase[], ctx: WhatIfContext): WhatIfReport {
  let report = emptyReport(ctx.draft.version);
  for (const recorded of [...cases].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))) {
    const actualEnd = evolveAll(initialState, recorded.events);
    const simulated = simulateCase(recorded, ctx);
    const side: WhatIfSide = { actual: figuresOf(recorded.events, actualEnd), simulated: figuresOf(simulated.events, simulated.state) };
    const groups = groupsOf(actualEnd);
    const load: WhatIfReport['leaderLoad'] = {};
    const count = (events: readonly CaseEvent[], which: 'actual' | 'simulated') => {
      for (const e of events) {
        if (e.type !== 'caseEscalated') continue;
        for (const leader of e.targetIds) {
          const entry = (load[leader] ??= { actual: {}, simulated: {} });
          const week = isoWeekOf(e.at);
          entry[which][week] = (entry[which][week] ?? 0) + 1;
        }
      }
    };
    count(recorded.events, 'actual');
    count(simulated.events, 'simulated');
    report = mergeReports(report, {
      draftVersion: ctx.draft.version,
      total: side,
      byDepartment: { [groups.department]: side },
      byTown: { [groups.town]: side },
      leaderLoad: load,
      refused: simulated.refused,
    });
  }
  return report;
}

export function mergeReports(a: WhatIfReport, b: WhatIfReport): WhatIfReport {
  const sides = (x: WhatIfSide, y: WhatIfSide): WhatIfSide => ({
    actual: addFigures(x.actual, y.actual),
    simulated: addFigures(x.simulated, y.simulated),
  });
  const byKey = (x: Record<string, WhatIfSide>, y: Record<string, WhatIfSide>) => {
    const out = { ...x };
    for (const [key, side] of Object.entries(y)) out[key] = out[key] ? sides(out[key], side) : side;
    return sortedKeys(out);
  };
  const weeks = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [key, value] of Object.entries(y)) out[key] = (out[key] ?? 0) + value;
    return sortedKeys(out);
  };
  const load = { ...a.leaderLoad };
  for (const [leader, entry] of Object.entries(b.leaderLoad)) {
    const before = load[leader];
    load[leader] = before ? { actual: weeks(before.actual, entry.actual), simulated: weeks(before.simulated, entry.simulated) } : entry;
  }
  const refused = [...a.refused, ...b.refused].sort(
    (x, y) => (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : x.at < y.at ? -1 : x.at > y.at ? 1 : 0),
  );
  return {
    draftVersion: a.draftVersion,
    total: sides(a.total, b.total),
    byDepartment: byKey(a.byDepartment, b.byDepartment),
    byTown: byKey(a.byTown, b.byTown),
    leaderLoad: sortedKeys(load),
    refused,
  };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}
