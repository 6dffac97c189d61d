import type {
  CalendarStamp,
  CaseLocation,
  CaseStatus,
  Closure,
  CollectedRating,
  Escalation,
  ExtensionRequest,
  Handler,
  Instruction,
  JointTask,
  PauseInfo,
  PauseRequest,
  Rating,
  RaisedCase,
  Responsibility,
  Supervision,
  CaseState,
} from './case-state';
import type { CaseWaitKind, Complexity } from './case-policy';
import { compareText } from '../ordering';
import { type DeadlineKind, type PendingDeadline, isProvisional, nextDeadline, runningDeadlines } from './deadline';

export interface DeadlineView {
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  /** False while the clock is paused: the deadline will move when it resumes. */
  readonly running: boolean;
  /** For reminders: the deadline reminded of and at which fraction. */
  readonly reminds?: { readonly deadlineId: string; readonly fraction: number };
  /** For escalation steps: the step, the missed deadline whose chain it climbs, and which repeat. */
  readonly step?: number;
  readonly forKind?: CaseWaitKind;
  readonly repeat?: number;
  /** The instruction or joint task a deadline belongs to. */
  readonly ref?: string;
  /** Counted Monday–Friday past the end of the holiday data: it moves when that year is loaded. */
  readonly provisional: boolean;
}

/** What a query returns: the case as people ask about it, not as the rules store it. */
export interface CaseView {
  readonly caseId: string;
  readonly status: Exclude<CaseStatus, 'notRaised'>;
  readonly policyVersion: string;
  readonly category: string;
  readonly complexity: Complexity;
  readonly location: CaseLocation;
  readonly resolvedOnSpot: boolean;
  readonly handler: Handler | null;
  readonly responsibility: Responsibility | null;
  readonly supervision: Supervision | null;
  /** 0 when not escalated, else the step of the chain reached. */
  readonly escalationLevel: number;
  readonly escalation: Escalation | null;
  readonly overdue: boolean;
  readonly concentrated: boolean;
  readonly paused: PauseInfo | null;
  readonly pendingPause: PauseRequest | null;
  /** Working time the clock has stood still over every finished pause, and how many pauses. */
  readonly pausedWorkingMs: number;
  readonly pauseCount: number;
  readonly pendingExtension: ExtensionRequest | null;
  /** Extensions approved so far: the case's policy caps them (`extension.maxGranted`). */
  readonly extensionsGranted: number;
  /** Instructions (批示) the handler has not acknowledged yet. */
  readonly instructions: readonly Instruction[];
  /** Joint tasks (联合办理) given to other units, open and settled. */
  readonly jointTasks: readonly JointTask[];
  readonly collectedRating: CollectedRating | null;
  /** The holiday data the deadlines are counted with; absent on cases from before it was recorded. */
  readonly calendar: CalendarStamp | null;
  /** True while any deadline is provisional. */
  readonly provisionalDeadlines: boolean;
  readonly deadlines: readonly DeadlineView[];
  readonly nextDeadline: DeadlineView | null;
  readonly reopenCount: number;
  readonly returnCount: number;
  readonly rating: Rating | 'notRated' | null;
  readonly closure: Closure | null;
  readonly closedAt: string | null;
}

export function describeCase(state: CaseState): CaseView | { readonly status: 'notRaised' } {
  if (state.status === 'notRaised') return { status: 'notRaised' };
  return describeRaised(state);
}

function describeRaised(state: RaisedCase): CaseView {
  const running = new Set(runningDeadlines(state).map((d) => d.id));
  const coveredThrough = state.calendar?.coveredThrough ?? null;
  const view = (d: PendingDeadline): DeadlineView => ({
    id: d.id,
    kind: d.kind,
    dueAt: d.dueAt,
    running: running.has(d.id),
    ...(d.kind === 'reminder' ? { reminds: { deadlineId: d.forDeadlineId, fraction: d.fraction } } : {}),
    ...(d.kind === 'escalation'
      ? { step: d.step, forKind: d.forKind ?? 'handling', ...(d.repeat === undefined ? {} : { repeat: d.repeat }) }
      : {}),
    ...(d.ref === undefined ? {} : { ref: d.ref }),
    provisional: isProvisional(d, coveredThrough),
  });
  const deadlines = [...state.deadlines].sort((a, b) => compareText(a.dueAt, b.dueAt) || compareText(a.id, b.id)).map(view);
  const next = nextDeadline(state);
  return {
    caseId: state.caseId,
    status: state.status,
    policyVersion: state.policyVersion,
    category: state.category,
    complexity: state.complexity,
    location: state.location,
    resolvedOnSpot: state.resolvedOnSpot,
    handler: state.handler,
    responsibility: state.responsibility,
    supervision: state.supervision,
    escalationLevel: state.escalation?.step ?? 0,
    escalation: state.escalation,
    overdue: state.overdue,
    concentrated: state.concentrated,
    paused: state.pause,
    pendingPause: state.pendingPause,
    pausedWorkingMs: state.pausedWorkingMs,
    pauseCount: state.pauseCount,
    pendingExtension: state.pendingExtension,
    extensionsGranted: state.extensionsGranted,
    instructions: state.instructions,
    jointTasks: state.jointTasks,
    collectedRating: state.collectedRating,
    calendar: state.calendar ?? null,
    provisionalDeadlines: deadlines.some((d) => d.provisional),
    deadlines,
    nextDeadline: next && view(next),
    reopenCount: state.reopenCount,
    returnCount: state.returnCount,
    rating: state.rating,
    closure: state.closure,
    closedAt: state.closedAt,
  };
}
