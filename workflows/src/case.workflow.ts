import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  decide,
  describeCase,
  execute,
  initialState,
  nextDeadline,
  systemActor,
  type CaseCommand,
  type CaseState,
  type CaseView,
  type Directory,
} from '@bishan/domain';
import {
  caseActionUpdates,
  caseSnapshotQuery,
  type CaseActivities,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type CaseWorkflowResult,
  type SequencedCaseEvent,
} from '@bishan/contracts/workflows';

const activityOptions = {
  startToCloseTimeout: '30 seconds',
  // A database or broker outage must delay the loop, never lose a step: retry without a cap.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
} as const;

/**
 * Cases started under this patch (and before record-after-commit) ran both activities as local
 * activities, inside the workflow task. Loading the directory still does: it only reads. Recording
 * does not any more (see RECORD_AFTER_COMMIT_PATCH). Retries past a minute are spaced by timers,
 * still without a cap.
 */
export const LOCAL_ACTIVITIES_PATCH = 'local-activities';
const localActivities = proxyLocalActivities<CaseActivities>(activityOptions);
/** Cases started before the patch replay the activity tasks their histories recorded. */
const taskActivities = proxyActivities<CaseActivities>(activityOptions);

function activities(): CaseActivities {
  return patched(LOCAL_ACTIVITIES_PATCH) ? localActivities : taskActivities;
}

/**
 * Recording writes the read model, timeline and outbox, so it must run only for a workflow task the
 * server has committed. A local activity runs inside the task: if that task is lost (a server
 * restart), its writes stay, the retried task may meet the same step in another order (a timer
 * fired meanwhile) and record it again at a later seq. Loading the directory only reads, so it
 * stays local; cases started before this patch replay what their histories recorded.
 */
export const RECORD_AFTER_COMMIT_PATCH = 'record-after-commit';

function recorder(): Pick<CaseActivities, 'recordCaseEvents'> {
  return patched(RECORD_AFTER_COMMIT_PATCH) ? taskActivities : activities();
}

/** Beyond this many history events a run hands its state to a fresh one (continue-as-new). */
export const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

/**
 * The floor for `tuning.historyEventsBeforeContinue`. A fresh run needs several history events to
 * load the directory before its first check (about a dozen before activities ran locally); a lower
 * limit would hand over before doing anything, run after run.
 */
export const MIN_HISTORY_EVENTS_BEFORE_CONTINUE = 30;

/** Optional knobs, absent in normal use; they are carried across continue-as-new. */
export interface CaseWorkflowTuning {
  /**
   * Continue-as-new once a run's history passes this many events, instead of
   * HISTORY_EVENTS_BEFORE_CONTINUE; raised to MIN_HISTORY_EVENTS_BEFORE_CONTINUE if lower. Tests use
   * it to exercise continue-as-new with a few commands and keep saved histories small.
   */
  readonly historyEventsBeforeContinue?: number;
}

export type TunableCaseWorkflowInput = CaseWorkflowInput & { readonly tuning?: CaseWorkflowTuning };

/**
 * One resident case, raised to closed. The rules are the domain's; this function only applies
 * commands (from people through updates, from its own deadline timers) and records what happened.
 */
export async function caseWorkflow(input: TunableCaseWorkflowInput): Promise<CaseWorkflowResult> {
  // Handlers first, before any await: an update that arrives with the start must find them.
  let loop: CaseLoop | undefined;
  const ready = async (): Promise<CaseLoop> => {
    await condition(() => loop !== undefined);
    return loop as CaseLoop;
  };
  for (const [type, update] of Object.entries(caseActionUpdates)) {
    // Every action update has the same shape: a command in, the snapshot out.
    setHandler(
      update as UpdateDefinition<CaseSnapshot, [CaseCommand]>,
      async (command: CaseCommand) => {
        const current = await ready();
        await current.apply(command);
        return current.snapshot();
      },
      // Before the directory is loaded the rules cannot be consulted yet; the handler then refuses
      // with the same reason the validator would have given.
      { validator: (command: CaseCommand) => loop?.validate(command, type) },
    );
  }
  // A run continued from another already has its case before the directory is loaded: answer with
  // it, never with 'notRaised' and event 0.
  const carried = input.carried;
  setHandler(
    caseSnapshotQuery,
    (): CaseSnapshot =>
      loop?.snapshot() ??
      (carried
        ? { view: describeCase(carried.state), eventSeq: carried.eventSeq }
        : { view: { status: 'notRaised' }, eventSeq: 0 }),
  );

  loop = new CaseLoop(input.caseId, await activities().loadDirectory(), input.carried?.state ?? initialState, input.carried?.eventSeq ?? 0);
  if (!input.carried) await loop.apply(input.raise);

  while (loop.state.status !== 'closed') {
    if (shouldContinueAsNew(input.tuning)) {
      await condition(allHandlersFinished);
      await loop.persisted();
      return continueAsNew<typeof caseWorkflow>({
        caseId: input.caseId,
        raise: input.raise,
        carried: loop.carry(),
        ...(input.tuning ? { tuning: input.tuning } : {}),
      });
    }
    await loop.waitForChangeOrDeadline();
  }

  await condition(allHandlersFinished);
  await loop.persisted();
  const view = loop.view();
  return { caseId: input.caseId, closure: view?.closure ?? null, closedAt: view?.closedAt ?? null };
}

function shouldContinueAsNew(tuning: CaseWorkflowTuning | undefined): boolean {
  const info = workflowInfo();
  const limit = Math.max(
    tuning?.historyEventsBeforeContinue ?? HISTORY_EVENTS_BEFORE_CONTINUE,
    MIN_HISTORY_EVENTS_BEFORE_CONTINUE,
  );
  return info.continueAsNewSuggested || info.historyLength > limit;
}

class CaseLoop {
  private changes = 0;
  private persistence: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly caseId: string,
    private readonly directory: Directory,
    public state: CaseState,
    private eventSeq: number,
  ) {}

  validate(command: CaseCommand, expectedType: string): void {
    if (command?.type !== expectedType) {
      throw new Error(`update '${expectedType}' needs a command of type '${expectedType}', got '${String(command?.type)}'`);
    }
    const decision = decide(this.state, command, this.context(new Date(Date.now())));
    if (!decision.ok) throw new Error(`${decision.code}: ${decision.reason}`);
  }

  /** Decides, applies, and resolves once the events are recorded (read model, timeline, outbox). */
  async apply(command: CaseCommand, now = new Date(Date.now())): Promise<void> {
    const outcome = execute(this.state, command, this.context(now));
    if (!outcome.ok) throw ApplicationFailure.nonRetryable(outcome.reason, outcome.code);
    this.state = outcome.state;
    this.changes += 1;
    const events: SequencedCaseEvent[] = outcome.events.map((event) => ({ seq: ++this.eventSeq, event }));
    const view = this.view();
    if (!view) return;
    // Chained, so events reach the outbox in the order they were decided even when updates overlap.
    const recorded = this.persistence.then(() => recorder().recordCaseEvents({ caseId: this.caseId, events, view }));
    this.persistence = recorded;
    await recorded;
  }

  /** Sleeps until the next deadline falls due, or returns early when a command changed the case. */
  async waitForChangeOrDeadline(): Promise<void> {
    const seen = this.changes;
    const deadline = nextDeadline(this.state);
    if (!deadline) {
      await condition(() => this.changes !== seen);
      return;
    }
    const dueInMs = Date.parse(deadline.dueAt) - Date.now();
    const changed = dueInMs > 0 && (await condition(() => this.changes !== seen, dueInMs));
    if (changed) return;
    const command: CaseCommand = { type: 'deadlineReached', actor: systemActor, deadlineId: deadline.id };
    // The event is dated at the deadline itself, so the timeline says when it fell due, whatever
    // the delay in firing (e.g. a server that was down at the time).
    const decision = decide(this.state, command, this.context(new Date(deadline.dueAt)));
    if (!decision.ok) {
      log.warn('deadline no longer applies', { caseId: this.caseId, deadlineId: deadline.id, reason: decision.reason });
      return;
    }
    await this.apply(command, new Date(deadline.dueAt));
  }

  persisted(): Promise<unknown> {
    return this.persistence;
  }

  view(): CaseView | undefined {
    const view = describeCase(this.state);
    return view.status === 'notRaised' ? undefined : (view as CaseView);
  }

  snapshot(): CaseSnapshot {
    return { view: describeCase(this.state), eventSeq: this.eventSeq };
  }

  carry() {
    return { state: this.state, eventSeq: this.eventSeq };
  }

  private context(now: Date) {
    return { now, directory: this.directory };
  }
}
