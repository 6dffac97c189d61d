import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { UpdateDefinition } from '@temporalio/common';
import {
  approveExtensionUpdate,
  caseSnapshotQuery,
  claimCaseUpdate,
  flagConcentratedUpdate,
  giveFeedbackUpdate,
  pauseClockUpdate,
  rateCaseUpdate,
  reassignCaseUpdate,
  reportResultUpdate,
  requestExtensionUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
  submitHandlingPlanUpdate,
  transferCaseUpdate,
  triageCaseUpdate,
  type CaseActivities,
  type CaseSnapshot,
  type SequencedCaseEvent,
} from '@bishan/contracts';
import {
  departmentsNamed,
  directoryFor,
  packageCalendarData,
  type Actor,
  type CalendarData,
  type CaseCommand,
  type CaseEvent,
  type CaseView,
  type HandlingRoute,
  type PauseReason,
  type RaiseCase,
  type Rating,
} from '@bishan/domain';
import { workflowBundleOptions, workflowSpanSinks, workflowTracingInterceptorModules } from '@bishan/service-runtime';
import { createTimeSkippingEnvironment } from '@bishan/testing';
// The domain's own spec fixture: a small organisation and its actors.
import { actors, directory, raiseCommand } from '../../../libs/domain/src/test-support/org-fixture';
import { type CaseWorkflowTuning, caseWorkflow } from '../case.workflow';
import { historyToJson } from './history-json';

export { actors };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const HISTORIES_DIR = path.resolve(__dirname, '../../test/histories');

/** Bundles the workflow code once; Worker.create would otherwise bundle it again for every worker. */
export function bundleCaseWorkflow(workflowsPath?: string): Promise<WorkflowBundleWithSourceMap> {
  const { workflowsPath: defaultPath, bundlerOptions } = workflowBundleOptions();
  const target = workflowsPath ?? defaultPath;
  if (!target) throw new Error('workflowBundleOptions() named no workflowsPath');
  // With the OpenTelemetry workflow interceptors the case worker bundles: what runs and replays here is what runs there.
  return bundleWorkflowCode({
    workflowsPath: target,
    ...bundlerOptions,
    workflowInterceptorModules: [...workflowTracingInterceptorModules],
    logger: new DefaultLogger('WARN'),
  });
}

/** The next Monday 10:00 in Shanghai (02:00 UTC) after `ms`. */
export function nextMondayTenAm(ms: number): number {
  const day = new Date(ms);
  day.setUTCHours(2, 0, 0, 0);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() !== 1);
  return day.getTime();
}

export const ms = (iso: string): number => Date.parse(iso);
export const iso = (instant: Date | number): string => new Date(instant).toISOString();

/** Narrows a list of events to one type, with that type's fields. */
export function ofType<T extends CaseEvent['type']>(events: readonly CaseEvent[], type: T): Extract<CaseEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CaseEvent, { type: T }> => e.type === type);
}

/** The one event of a type; fails the test when there is not exactly one. */
export function only<T extends CaseEvent['type']>(events: readonly CaseEvent[], type: T): Extract<CaseEvent, { type: T }> {
  const found = ofType(events, type);
  if (found.length !== 1) throw new Error(`expected exactly one '${type}' event, found ${found.length}`);
  return found[0] as Extract<CaseEvent, { type: T }>;
}

/** Events the system emitted (deadline timers, and the escalation of a second reopening), as [type, at]. */
export function systemEvents(events: readonly CaseEvent[]): [string, string][] {
  return events.filter((e) => e.actor.role === 'system').map((e) => [e.type, e.at]);
}

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;

export interface StartedCase {
  caseId: string;
  handle: WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>;
  /** The Monday 10:00 Shanghai (epoch ms) the case was started at; the start itself takes a few ms more. */
  startedAt: number;
}

/**
 * One time-skipping test server, one worker with the fake activities below, and a plain client.
 * Time moves only through `sleep`/`sleepUntil`: the environment's own client would unlock time
 * skipping while awaiting a result and, with nothing scheduled, jump the clock years ahead.
 */
export class CaseWorkflowTestEnv {
  /** Batches as recordCaseEvents finished them, per case. */
  private readonly recorded = new Map<string, SequencedCaseEvent[]>();
  /** The holiday data loadWorkingCalendar answers with (the package's unless a test loads a year). */
  calendarData: CalendarData = packageCalendarData;
  /** Real-time delays to apply to the next recordCaseEvents call of a case (overlap tests). */
  private readonly delays = new Map<string, number[]>();
  /** While set, loadDirectory waits for it: a new run stays between its start and its first step. */
  private directoryGate: Promise<void> | undefined;
  /** The departments each loadDepartments call asked for, in order. */
  readonly departmentLoads: string[][] = [];
  private releaseDirectoryGate: (() => void) | undefined;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly client: Client,
    readonly taskQueue: string,
    private readonly worker: Worker,
    private readonly running: Promise<void>,
  ) {}

  static async create(bundle?: WorkflowBundleWithSourceMap): Promise<CaseWorkflowTestEnv> {
    const workflowBundle = bundle ?? (await bundleCaseWorkflow());
    const env = await createTimeSkippingEnvironment();
    const taskQueue = `case-workflow-${randomUUID()}`;
    let self: CaseWorkflowTestEnv | undefined;
    const activities: CaseActivities = {
      recordCaseEvents: async ({ caseId, events }) => {
        const delay = self?.delays.get(caseId)?.shift();
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        self?.recorded.set(caseId, [...(self.recorded.get(caseId) ?? []), ...events]);
        return { recorded: events.length };
      },
      loadDirectory: async (scope) => {
        await self?.directoryGate;
        return directoryFor(directory, scope);
      },
      loadDepartments: async (ids) => {
        self?.departmentLoads.push(ids);
        return departmentsNamed(directory, ids);
      },
      loadWorkingCalendar: async () => self?.calendarData ?? packageCalendarData,
    };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities, sinks: workflowSpanSinks() });
    const running = worker.run();
    self = new CaseWorkflowTestEnv(env, new Client({ connection: env.connection }), taskQueue, worker, running);
    activeEnv = self;
    return self;
  }

  async teardown(): Promise<void> {
    // A test that failed while holding the directory must not leave the worker waiting on it.
    this.releaseDirectoryLoads();
    this.worker.shutdown();
    await this.running;
    await this.env.teardown();
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  async sleepUntil(target: number): Promise<void> {
    const now = await this.now();
    if (target > now) await this.env.sleep(target - now);
  }

  /** Moves the clock to the next Monday 10:00 Shanghai and starts a case there. */
  async startCaseOnMonday(overrides: Partial<RaiseCase> = {}, tuning?: CaseWorkflowTuning): Promise<StartedCase> {
    const startedAt = nextMondayTenAm(await this.now());
    await this.sleepUntil(startedAt);
    const caseId = `case-${randomUUID()}`;
    const handle = await this.client.workflow.start(caseWorkflow, {
      workflowId: caseId,
      taskQueue: this.taskQueue,
      args: [{ caseId, raise: raiseCommand({ caseId, ...overrides }), ...(tuning ? { tuning } : {}) }],
    });
    return { caseId, handle, startedAt };
  }

  /** Delays the next recordCaseEvents calls of a case by these real-time amounts, in order. */
  delayNextRecords(caseId: string, ...delaysMs: number[]): void {
    this.delays.set(caseId, [...(this.delays.get(caseId) ?? []), ...delaysMs]);
  }

  /**
   * Holds every loadDirectory call until the returned function is called. Do not move time while
   * holding: the test server does not skip time while an activity runs.
   */
  holdDirectoryLoads(): () => void {
    this.directoryGate = new Promise<void>((resolve) => {
      this.releaseDirectoryGate = () => {
        this.directoryGate = undefined;
        this.releaseDirectoryGate = undefined;
        resolve();
      };
    });
    return () => this.releaseDirectoryLoads();
  }

  releaseDirectoryLoads(): void {
    this.releaseDirectoryGate?.();
  }

  /** What recordCaseEvents received for a case, in the order the calls finished. */
  sequenced(caseId: string): SequencedCaseEvent[] {
    return [...(this.recorded.get(caseId) ?? [])];
  }

  events(caseId: string): CaseEvent[] {
    return this.sequenced(caseId).map((e) => e.event);
  }

  types(caseId: string): string[] {
    return this.events(caseId).map((e) => e.type);
  }

  /**
   * The case's events once everything it has decided is recorded: the workflow's event counter
   * (from the query) matches what the activity received.
   */
  async settledEvents(handle: CaseHandle): Promise<CaseEvent[]> {
    for (let attempt = 0; ; attempt++) {
      const { eventSeq } = await handle.query(caseSnapshotQuery);
      const recorded = this.sequenced(handle.workflowId);
      if (recorded.length === eventSeq) return recorded.map((e) => e.event);
      if (attempt > 50) throw new Error(`case ${handle.workflowId}: ${eventSeq} events decided, ${recorded.length} recorded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until recordCaseEvents has received the case's events up to `eventSeq`. */
  async recordedUpTo(caseId: string, eventSeq: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const seqs = this.sequenced(caseId).map((e) => e.seq);
      if (eventSeq === 0 || seqs.includes(eventSeq)) return;
      if (attempt > 100) throw new Error(`case ${caseId}: event ${eventSeq} decided but not recorded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Polls the query until the workflow has decided `eventSeq` events. */
  async waitForEventSeq(handle: CaseHandle, eventSeq: number): Promise<CaseSnapshot> {
    for (let attempt = 0; ; attempt++) {
      const snapshot = await handle.query(caseSnapshotQuery);
      if (snapshot.eventSeq >= eventSeq) return snapshot;
      if (attempt > 50) throw new Error(`case ${handle.workflowId}: still at event ${snapshot.eventSeq}, waiting for ${eventSeq}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async view(handle: CaseHandle): Promise<CaseView> {
    const snapshot: CaseSnapshot = await handle.query(caseSnapshotQuery);
    if (snapshot.view.status === 'notRaised') throw new Error(`case ${handle.workflowId} is not raised`);
    return snapshot.view as CaseView;
  }

  /** With RECORD_HISTORIES=1, saves the run's history for the replay spec (see workflows/README.md). */
  async saveHistory(handle: CaseHandle, name: string, runId?: string): Promise<void> {
    if (process.env['RECORD_HISTORIES'] !== '1') return;
    const run = runId ? this.client.workflow.getHandle(handle.workflowId, runId) : handle;
    const history = await run.fetchHistory();
    mkdirSync(HISTORIES_DIR, { recursive: true });
    writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJson(history));
  }
}

/** 1..n: the seq of every recorded event, in the order recorded. */
export const seqsOf = (sequenced: readonly SequencedCaseEvent[]): number[] => sequenced.map((e) => e.seq);
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** The environment created last: the one the specs' commands run against. */
let activeEnv: CaseWorkflowTestEnv | undefined;

/**
 * The people's commands, sent as the workflow's updates. An update answers once the workflow has
 * decided; each of these resolves to that snapshot once its events are recorded too, as a reader
 * asking the read model for the answer's sequence (minSeq) would see them.
 */
export function caseActions(handle: CaseHandle) {
  const send = async <C extends CaseCommand>(update: UpdateDefinition<CaseSnapshot, [C]>, command: C) => {
    const snapshot = await handle.executeUpdate(update, { args: [command] });
    await activeEnv?.recordedUpTo(handle.workflowId, snapshot.eventSeq);
    return snapshot;
  };
  return {
    triage: (route: HandlingRoute, actor: Actor = actors.laifengTriage) =>
      send(triageCaseUpdate, { type: 'triageCase', actor, route }),
    claim: (actor: Actor = actors.umHandler, coHandlingDepartmentIds?: string[]) =>
      send(claimCaseUpdate, { type: 'claimCase', actor, ...(coHandlingDepartmentIds ? { coHandlingDepartmentIds } : {}) }),
    returnCase: (actor: Actor, reason: string) => send(returnCaseUpdate, { type: 'returnCase', actor, reason }),
    transfer: (actor: Actor, toDepartmentId: string, reason: string) =>
      send(transferCaseUpdate, { type: 'transferCase', actor, toDepartmentId, reason }),
    reassign: (actor: Actor, toDepartmentId: string, reason: string) =>
      send(reassignCaseUpdate, { type: 'reassignCase', actor, toDepartmentId, reason }),
    submitPlan: (actor: Actor = actors.umHandler) =>
      send(submitHandlingPlanUpdate, {
        type: 'submitHandlingPlan',
        actor,
        plan: 'Add the branch road to the cleaning contract',
        responsibility: { unit: 'Sanitation team 2', personName: 'Zhang Wei' },
      }),
    requestExtension: (workingDays: number, actor: Actor = actors.umHandler) =>
      send(requestExtensionUpdate, { type: 'requestExtension', actor, workingDays, reason: 'Contractor needs a second visit' }),
    approveExtension: (actor: Actor) => send(approveExtensionUpdate, { type: 'approveExtension', actor, reason: 'Reasonable' }),
    pause: (reason: PauseReason, actor: Actor = actors.umHandler) => send(pauseClockUpdate, { type: 'pauseClock', actor, reason }),
    resume: (actor: Actor = actors.umHandler) => send(resumeClockUpdate, { type: 'resumeClock', actor }),
    reportResult: (actor: Actor = actors.umHandler) =>
      send(reportResultUpdate, { type: 'reportResult', actor, summary: 'Road added to the cleaning rota' }),
    giveFeedback: (actor: Actor = actors.dengfengSecretary) => send(giveFeedbackUpdate, { type: 'giveFeedback', actor }),
    rate: (rating: Rating, actor: Actor = actors.resident) => send(rateCaseUpdate, { type: 'rateCase', actor, rating }),
    flagConcentrated: (actor: Actor = actors.top) =>
      send(flagConcentratedUpdate, { type: 'flagConcentrated', actor, reason: 'Third sanitation complaint in 来凤街道 this month' }),
  };
}
