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
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  calendarDataVersion,
  decide,
  describeCase,
  evolveAll,
  execute,
  initialState,
  nextDeadline,
  packageCalendarData,
  systemActor,
  versionBeforePinnedStarts,
  withCurrentFields,
  type CalendarData,
  type CaseCommand,
  type PolicyRegistry,
  type CaseState,
  type CaseView,
  type Directory,
  type DirectorySlice,
  type RaiseCase,
  directoryOfSlice,
  loadsBefore,
  withDepartmentsLoaded,
} from '@bishan/domain';
import {
  calendarUpdatedSignal,
  caseActionUpdates,
  caseSearchAttributeUpdates,
  caseSnapshotQuery,
  rejectionFailure,
  shownCaseSearchAttributes,
  type CarriedCaseState,
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

function activities(allAtStart: boolean): CaseActivities {
  return patchedLater(allAtStart, LOCAL_ACTIVITIES_PATCH) ? localActivities : taskActivities;
}

/**
 * Recording writes the read model, timeline and outbox, so it must run only for a workflow task the
 * server has committed. A local activity runs inside the task: if that task is lost (a server
 * restart), its writes stay, the retried task may meet the same step in another order (a timer
 * fired meanwhile) and record it again at a later seq. Loading the directory only reads, so it
 * stays local; cases started before this patch replay what their histories recorded.
 */
export const RECORD_AFTER_COMMIT_PATCH = 'record-after-commit';

function recorder(allAtStart: boolean): Pick<CaseActivities, 'recordCaseEvents'> {
  return patchedLater(allAtStart, RECORD_AFTER_COMMIT_PATCH) ? taskActivities : activities(allAtStart);
}

/**
 * Runs started under this patch load the holiday schedules an administrator loaded (beyond the
 * package's years) and count their deadlines on them; runs from before count on the package alone,
 * as they did when they were recorded.
 */
export const WORKING_CALENDAR_PATCH = 'working-calendar-data';

async function loadCalendar(allAtStart: boolean): Promise<CalendarData> {
  return patchedLater(allAtStart, WORKING_CALENDAR_PATCH)
    ? await localActivities.loadWorkingCalendar()
    : packageCalendarData;
}

/**
 * Updates answered under this patch answer as soon as the workflow has decided (the recording goes
 * on in order behind it); before it, they answered once the events were recorded.
 */
export const ANSWER_ON_DECISION_PATCH = 'answer-on-decision';

/**
 * Runs under this patch take every patch above as applied, decided once by this one marker in their
 * first activation, before any activity. Asked where the code meets them, the patches above were
 * decided after a local activity (loading the directory) had resolved; under load the server may
 * record that resolution and the next marker in different workflow tasks, and a replay — which
 * resolves the local activity within the first task and looks for markers only in that task's
 * history — then took the other branch and failed with a nondeterminism error, leaving the case
 * unable to leave the worker's cache (a restart, an eviction) or answer a query. Runs from before this
 * patch keep asking each patch where they always did.
 */
export const PATCHES_AT_START_PATCH = 'patches-at-start';

/**
 * Runs under this patch keep their case's typed search attributes (status, town, handling
 * department, escalation level, overdue, concentrated, policy version: libs/contracts
 * case-search-attributes) up to date, upserting those that change; the starter sets them at the
 * start. Runs started before it recorded no upserts and replay without them. Asked in the first
 * activation, beside PATCHES_AT_START_PATCH.
 */
export const SEARCH_ATTRIBUTES_PATCH = 'case-search-attributes';

/** A patch asked where the code meets it: taken as applied in a run that decided every patch at its start. */
function patchedLater(allAtStart: boolean, patchId: string): boolean {
  return allAtStart || patched(patchId);
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
  // Decided below, in the first activation before any activity (see PATCHES_AT_START_PATCH); the
  // update handlers read it only once the directory is loaded.
  let allAtStart = false;
  // The version is the starter's choice, fixed in the input (see CaseWorkflowInput.raise).
  const raise = { ...input.raise, policyVersion: input.raise.policyVersion ?? versionBeforePinnedStarts };
  // Handlers first, before any await: an update that arrives with the start must find them.
  let loop: CaseLoop | undefined;
  let offeredCalendar: CalendarUpdate | undefined;
  setHandler(calendarUpdatedSignal, (update) => {
    if (loop) loop.offerCalendar(update);
    else offeredCalendar = update;
  });
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
        // The answer carries the decision's event sequence; readers that must see it ask the read
        // model for that sequence (minSeq), instead of every update waiting for the recording.
        await current.apply(
          command,
          new Date(Date.now()),
          patchedLater(allAtStart, ANSWER_ON_DECISION_PATCH) ? 'decided' : 'recorded',
        );
        return current.snapshot();
      },
      // Before the directory is loaded the rules cannot be consulted yet; the handler then refuses
      // with the same reason the validator would have given.
      { validator: (command: CaseCommand) => loop?.validate(command, type) },
    );
  }
  // A run continued from another, or one whose raise the starter recorded, already has its case
  // before the directory is loaded: answer with it, never with 'notRaised' and event 0.
  const carried =
    (input.carried && { ...input.carried, state: withCurrentFields(input.carried.state) }) ??
    adoptedRaise(input.recorded);
  setHandler(
    caseSnapshotQuery,
    (): CaseSnapshot =>
      loop?.snapshot() ??
      (carried
        ? { view: describeCase(carried.state), eventSeq: carried.eventSeq }
        : { view: { status: 'notRaised' }, eventSeq: 0 }),
  );

  // Resolved on the spot and recorded by the starter: nothing is left to decide or to wait for.
  if (carried && carried.state.status === 'closed')
    return resultOf(input.caseId, describeCase(carried.state));
  // A case closed on the spot needs no patch, and so no marker: its single task stays that cheap.
  allAtStart = patched(PATCHES_AT_START_PATCH);
  const showsSearchAttributes = patched(SEARCH_ATTRIBUTES_PATCH);

  const slice = await activities(allAtStart).loadDirectory(directoryScope(raise, carried?.state));
  const policies = input.policy ? [input.policy] : undefined;
  const calendar = await loadCalendar(allAtStart);
  loop = new CaseLoop(
    input.caseId,
    allAtStart,
    slice,
    calendar,
    carried?.state ?? initialState,
    carried?.eventSeq ?? 0,
    policies,
    showsSearchAttributes,
  );
  if (offeredCalendar) loop.offerCalendar(offeredCalendar);
  // Normally a no-op: the starter set the recorded raise's attributes, and continue-as-new carries them.
  loop.showSearchAttributes();
  if (!carried) await loop.apply(raise);

  while (loop.state.status !== 'closed') {
    if (shouldContinueAsNew(input.tuning)) {
      await condition(allHandlersFinished);
      await loop.persisted();
      return continueAsNew<typeof caseWorkflow>({
        caseId: input.caseId,
        raise,
        ...(input.policy ? { policy: input.policy } : {}),
        carried: loop.carry(),
        ...(input.tuning ? { tuning: input.tuning } : {}),
      });
    }
    await loop.waitForChangeOrDeadline();
  }

  await condition(allHandlersFinished);
  await loop.persisted();
  return resultOf(input.caseId, describeCase(loop.state));
}

/** The case's place and category, and its lead department when the run carries one. */
function directoryScope(raise: RaiseCase, carried: CaseState | undefined) {
  const lead = carried && carried.status !== 'notRaised' ? carried.handler : null;
  return {
    townId: raise.location.townId,
    category: raise.category,
    ...(lead?.level === 'district' ? { leadDepartmentId: lead.unitId } : {}),
  };
}

function resultOf(caseId: string, view: CaseView | { status: 'notRaised' }): CaseWorkflowResult {
  return view.status === 'notRaised'
    ? { caseId, closure: null, closedAt: null }
    : { caseId, closure: view.closure ?? null, closedAt: view.closedAt ?? null };
}

/** The state the starter's recorded raising events leave the case in, as a run would carry it. */
function adoptedRaise(recorded: CaseWorkflowInput['recorded']): CarriedCaseState | undefined {
  if (!recorded || recorded.events.length === 0) return undefined;
  const events = [...recorded.events].sort((a, b) => a.seq - b.seq);
  return {
    state: evolveAll(
      initialState,
      events.map((e) => e.event),
    ),
    eventSeq: events[events.length - 1]?.seq ?? 0,
  };
}

function shouldContinueAsNew(tuning: CaseWorkflowTuning | undefined): boolean {
  const info = workflowInfo();
  const limit = Math.max(
    tuning?.historyEventsBeforeContinue ?? HISTORY_EVENTS_BEFORE_CONTINUE,
    MIN_HISTORY_EVENTS_BEFORE_CONTINUE,
  );
  return info.continueAsNewSuggested || info.historyLength > limit;
}

interface CalendarUpdate {
  readonly calendar: CalendarData;
  readonly reason: string;
}

class CaseLoop {
  private changes = 0;
  private persistence: Promise<unknown> = Promise.resolve();
  private offered: CalendarUpdate | undefined;
  /** The case attributes this run shows, as the server has them (start, carried, upserted). */
  private shown = shownCaseSearchAttributes(workflowInfo().typedSearchAttributes);

  constructor(
    private readonly caseId: string,
    /** Whether the run decided every patch at its start (PATCHES_AT_START_PATCH). */
    private readonly allAtStart: boolean,
    /** What the run loaded of the directory; a department known by id only is loaded when it would lead. */
    private slice: DirectorySlice,
    private calendar: CalendarData,
    public state: CaseState,
    private eventSeq: number,
    /** The pinned policy when the input carries it; else the versions compiled into the workflow. */
    private readonly policies?: PolicyRegistry,
    /** Whether the run keeps search attributes up to date (SEARCH_ATTRIBUTES_PATCH). */
    private readonly showsSearchAttributes = false,
  ) {
    this.directory = directoryOfSlice(slice);
  }

  /** The rules' directory, built from the slice (see directoryOfSlice). */
  private directory: Directory;

  /** Newer holiday data, taken up by the main loop between two steps (adoptOfferedCalendar). */
  offerCalendar(update: CalendarUpdate): void {
    this.offered = update;
  }

  /**
   * Counts the case's deadlines again on the offered data and keeps counting on it. A signal that
   * repeats the data the case already has (a retried rollout) changes nothing.
   */
  private async adoptOfferedCalendar(): Promise<void> {
    const offer = this.offered;
    this.offered = undefined;
    if (!offer || calendarDataVersion(offer.calendar) === calendarDataVersion(this.calendar)) return;
    const command: CaseCommand = {
      type: 'recomputeDeadlines',
      actor: systemActor,
      calendar: offer.calendar,
      reason: offer.reason,
    };
    const decision = decide(this.state, command, this.context(new Date(Date.now())));
    if (decision.ok) await this.apply(command);
    else
      log.info('holiday data taken up without recounting', { caseId: this.caseId, reason: decision.reason });
    this.calendar = offer.calendar;
  }

  validate(command: CaseCommand, expectedType: string): void {
    if (command?.type !== expectedType) {
      throw new Error(
        `update '${expectedType}' needs a command of type '${expectedType}', got '${String(command?.type)}'`,
      );
    }
    const decision = decide(this.state, command, this.context(new Date(Date.now())));
    // `code: reason`, with the rejection as detail: its field and rule reach the form that sent it.
    if (!decision.ok) throw rejectionFailure(decision);
  }

  /**
   * Decides and applies; resolves once the events are recorded (read model, timeline, outbox), or
   * with `until: 'decided'` at once, the recording still chained behind every earlier one.
   */
  async apply(
    command: CaseCommand,
    now = new Date(Date.now()),
    until: 'recorded' | 'decided' = 'recorded',
  ): Promise<void> {
    // The validator already accepted it on the slice: its answer is the whole directory's.
    const asked = loadsBefore(command, this.slice);
    if (asked.length > 0) {
      const loaded = await activities(this.allAtStart).loadDepartments(asked);
      this.slice = withDepartmentsLoaded(this.slice, asked, loaded);
      this.directory = directoryOfSlice(this.slice);
    }
    const outcome = execute(this.state, command, this.context(now));
    if (!outcome.ok) throw ApplicationFailure.nonRetryable(outcome.reason, outcome.code);
    this.state = outcome.state;
    this.changes += 1;
    const events: SequencedCaseEvent[] = outcome.events.map((event) => ({ seq: ++this.eventSeq, event }));
    const view = this.view();
    if (!view) return;
    this.showSearchAttributes(view);
    // Chained, so events reach the outbox in the order they were decided even when updates overlap.
    const recorded = this.persistence.then(() =>
      recorder(this.allAtStart).recordCaseEvents({ caseId: this.caseId, events, view }),
    );
    this.persistence = recorded;
    if (until === 'recorded') await recorded;
    // Awaited by persisted() before the run ends; an activity retried without a cap does not fail.
    else void recorded.catch(() => undefined);
  }

  /** Sleeps until the next deadline falls due, or returns early when a command changed the case. */
  async waitForChangeOrDeadline(): Promise<void> {
    if (this.offered) {
      await this.adoptOfferedCalendar();
      return;
    }
    const seen = this.changes;
    const changed = () => this.changes !== seen || this.offered !== undefined;
    const deadline = nextDeadline(this.state);
    if (!deadline) {
      await condition(changed);
      return;
    }
    const dueInMs = Date.parse(deadline.dueAt) - Date.now();
    const woken = dueInMs > 0 && (await condition(changed, dueInMs));
    if (woken) return;
    const command: CaseCommand = { type: 'deadlineReached', actor: systemActor, deadlineId: deadline.id };
    // The event is dated at the deadline itself, so the timeline says when it fell due, whatever
    // the delay in firing (e.g. a server that was down at the time).
    const decision = decide(this.state, command, this.context(new Date(deadline.dueAt)));
    if (!decision.ok) {
      log.warn('deadline no longer applies', {
        caseId: this.caseId,
        deadlineId: deadline.id,
        reason: decision.reason,
      });
      return;
    }
    await this.apply(command, new Date(deadline.dueAt));
  }

  /** Upserts the search attributes that differ from what the run shows; none before the patch. */
  showSearchAttributes(view = this.view()): void {
    if (!view || !this.showsSearchAttributes) return;
    const { shown, updates } = caseSearchAttributeUpdates(this.shown, view);
    this.shown = shown;
    if (updates.length > 0) upsertSearchAttributes([...updates]);
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
    return {
      now,
      directory: this.directory,
      calendar: this.calendar,
      ...(this.policies ? { policies: this.policies } : {}),
    };
  }
}
