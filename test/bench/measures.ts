import { existsSync, readFileSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { caseWorkflowType, triageCaseUpdate, type CaseWorkflowInput } from '@bishan/contracts';
import { CasePolicyRepository, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { waitFor, type ServiceProcess, type WaitOptions } from '@bishan/testing';
import { ApiClient } from '../simulator/api-client';
import { summarise, type LatencySummary } from '../simulator/latency';
import { sumOf, type CpuMeter, type CpuPhase } from './cpu';
import {
  driveCases,
  finishCases,
  firstHoldRate,
  holdTailS,
  keptPace,
  leftoverIds,
  loopPeople,
  nextHoldRate,
  raiseBody,
  type DriveResult,
  type ReadYourWrites,
} from './case-driver';
import { stormBurstStart, stormDayMs, stormPolicy } from './storm-clock';
import { bareCompletedAt, firedDeadlines, inBatches, stateTransitions, timerTiming } from './history';
import { mib } from './report';

export interface BenchContext {
  temporal: Client;
  temporalAddress: string;
  caseTaskQueue: string;
  /** The queue of the bare worker process (bare-worker.ts): bareWorkflow and sleepingWorkflow. */
  bareTaskQueue: string;
  /** Follows the CPU time of every process of the run (see SYSTEM_PROCESSES, BARE_PROCESSES, DRIVER). */
  cpu: CpuMeter;
  apiUrl: string;
  /** Starts one more case API with `env` over the stack's (R6's, pinning the storm's policy). */
  startCaseApi: (env: Record<string, string>) => Promise<ServiceProcess>;
  db: Database;
  services: ServiceProcess[];
  log: (line: string) => void;
  runId: string;
  /** The size of the run's Temporal store (the dev server's SQLite file and log, or the clustered server's databases). */
  temporalStoreBytes: () => Promise<number>;
  /**
   * With --profile-steady or --count-queries: called as the steady phase's load begins and once it is
   * applied (each call starts or stops the services' profilers and statement counts).
   */
  markSteadyPhase?: () => void;
}

/** The processes a case pays for: the four services, the Temporal server and the broker. */
export const SYSTEM_PROCESSES = [
  'case-api',
  'case-worker',
  'notification',
  'reporting',
  'temporal',
  'kafka',
] as const;
/** The processes a bare workflow pays for: the Temporal server and the bare worker. */
export const BARE_PROCESSES = ['temporal', 'bare-worker'] as const;
/** The benchmark's own process (load generator, clients, database checks): reported, charged to nobody. */
export const DRIVER = 'driver';

// --- B: the ceiling ------------------------------------------------------------------------------

export interface BaselineLevel {
  /** Bare workflows in flight at once (each slot starts one, awaits its result, starts the next). */
  concurrency: number;
  workflows: number;
  elapsedS: number;
  perSecond: number;
  /** CPU of every followed process while this level ran. */
  cpu: CpuPhase;
  /** (Temporal server + bare worker) CPU ÷ workflows. */
  cpuPerWorkflowMs: number | null;
}

export interface BaselineResult {
  levels: BaselineLevel[];
  /** B: the best level's workflows/s. */
  perSecond: number;
  /** The best level's concurrency and CPU per bare workflow (R1's denominator). */
  concurrency: number;
  cpuPerWorkflowMs: number | null;
  transitionsPerWorkflow: number;
}

/**
 * B: for each concurrency level, `workflows` bare workflows (one no-op activity) on the bare
 * worker's own queue of the same server, `concurrency` of them in flight at once (closed loop:
 * start, await the result, start the next). A level's rate = workflows ÷ time from its first
 * start to its last result; B is the best level's. The CPU of every process is read before and
 * after each level. State transitions: DescribeWorkflowExecution of a sample of the best level.
 */
export async function measureBaseline(
  ctx: BenchContext,
  workflows: number,
  concurrencyLevels: number[],
): Promise<BaselineResult> {
  const taskQueue = ctx.bareTaskQueue;
  // Warm-up: the first workflows pay for the queue's creation and the worker's first tasks.
  await inBatches(Array.from({ length: Math.min(20, workflows) }), 10, async () =>
    ctx.temporal.workflow.execute('bareWorkflow', { taskQueue, workflowId: `bench-warm-${randomUUID()}` }),
  );
  const levels: (BaselineLevel & { ids: string[] })[] = [];
  for (const concurrency of concurrencyLevels) {
    const ids = Array.from({ length: workflows }, (_, i) => `bench-bare-${ctx.runId}-${concurrency}-${i}`);
    const { result: elapsedS, cpu } = await ctx.cpu.measure(async () => {
      const began = performance.now();
      await inBatches(ids, concurrency, (workflowId) =>
        ctx.temporal.workflow.execute('bareWorkflow', { taskQueue, workflowId }),
      );
      return (performance.now() - began) / 1000;
    });
    const bareMs = sumOf(cpu, BARE_PROCESSES);
    const level = {
      concurrency,
      workflows,
      elapsedS,
      perSecond: workflows / elapsedS,
      cpu,
      cpuPerWorkflowMs: bareMs === null ? null : bareMs / workflows,
      ids,
    };
    levels.push(level);
    ctx.log(
      `B at ${concurrency} in flight: ${level.perSecond.toFixed(1)} workflows/s, ${level.cpuPerWorkflowMs?.toFixed(2) ?? 'n/a'} ms CPU (Temporal + bare worker) each`,
    );
  }
  const best = levels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const sample = best.ids
    .filter((_, i) => i % Math.max(1, Math.floor(best.ids.length / 10)) === 0)
    .slice(0, 10);
  const transitions = await inBatches(sample, 5, (id) => stateTransitions(ctx.temporal, id));
  return {
    levels: levels.map(({ ids: _ids, ...level }) => level),
    perSecond: best.perSecond,
    concurrency: best.concurrency,
    cpuPerWorkflowMs: best.cpuPerWorkflowMs,
    transitionsPerWorkflow: mean(transitions),
  };
}

/** The followed processes' CPU over `seconds` of nothing: what each costs at rest. */
export async function measureIdle(ctx: BenchContext, seconds: number): Promise<CpuPhase> {
  return (await ctx.cpu.measure(() => new Promise((resolve) => setTimeout(resolve, seconds * 1000)))).cpu;
}

// --- R3, R2, R4 ---------------------------------------------------------------------------------

export interface ThroughputResult {
  ladder: (DriveFigures & { passed: boolean })[];
  /** Full run: each rate held for `sustainS`, in the order the search tried them (measureThroughput). */
  sustainAttempts: (DriveFigures & { passed: boolean })[];
  /** The hold that passed at the highest rate, if any. */
  sustained: DriveFigures | null;
  /**
   * R3: the highest rate a hold passed at — zero failures, every case closed, the last within
   * HOLD_TAIL_LIMIT_S of the end of sending (keptPace) — or, in a quick run, the best ladder step's
   * completed cases per second; 0 if no hold held.
   */
  casesPerSecond: number;
  /**
   * The rate the steady phase takes 70 % of: R3, or, when no hold passed, what the stack completed in
   * the last (lowest) hold — R4 is then measured at a load near the stack's capacity, not at the
   * minimum — or else the best ladder step's.
   */
  steadyBasisPerSecond: number;
  onSpotShare: number;
  transitions: { onSpot: number; fullLoop: number; perCase: number };
}

// Keeping up: completions within 80 % of the offered rate (a backlog that grows is not sustained).
const passes = (r: DriveResult) =>
  r.failures === 0 &&
  r.closed === r.offered &&
  (r.sendLagMs.p99 ?? 0) < 500 &&
  r.completedPerS >= 0.8 * r.rate;
type DriveFigures = Omit<DriveResult, 'ids' | 'raisedIds'>;
const withoutIds = ({ ids: _ids, raisedIds: _raised, ...rest }: DriveResult): DriveFigures => rest;

/**
 * R3: open-loop steps up a ladder of rates (each `stepS` long); a step passes with zero failures,
 * every case closed within the grace time, completions keeping up (≥ 80 % of the offered rate)
 * and the generator on schedule (send lag p99 < 0.5 s).
 * In a full run holds of `sustainS` (10 minutes) then search for the highest rate the stack keeps for
 * that long, each on a settled stack (events applied, no case workflow task waiting): the first at 80 %
 * of what the best passing step completed (firstHoldRate), then up halfway to the bound after a hold
 * that passed, or down to what a failed hold managed while none has (nextHoldRate), up to
 * `sustainAttempts` holds. A hold passes as a step does, and only if the stack kept pace to its end
 * (keptPace). R3 is the highest rate a hold passed at — 0 if none did. A quick run (no sustain) takes
 * the best ladder step's completed cases per second.
 * R2 comes from DescribeWorkflowExecution of closed cases of each kind, weighted by the mix.
 */
export async function measureThroughput(
  ctx: BenchContext,
  options: {
    ladder: number[];
    stepS: number;
    sustainS: number;
    sustainAttempts: number;
    onSpotShare: number;
    graceS: number;
    /** How long to wait, before each sustained attempt, for the work before it to be applied. */
    settleS: number;
  },
): Promise<ThroughputResult> {
  const ladder: ThroughputResult['ladder'] = [];
  const passing: DriveResult[] = [];
  let lastRun: DriveResult | undefined;
  // What the stack still has to apply lies after this sequence: every earlier event was applied
  // when a settle last returned true (the ladder's steps are checked all together).
  let unsettledAfter = await lastOutboxSequence(ctx.db);
  for (const rate of options.ladder) {
    const result = await driveCases({
      baseUrl: ctx.apiUrl,
      rate,
      durationS: options.stepS,
      onSpotShare: options.onSpotShare,
      graceS: options.graceS,
    });
    lastRun = result;
    const passed = passes(result);
    ladder.push({ ...withoutIds(result), passed });
    ctx.log(
      `R3 ladder ${rate}/s: ${result.closed}/${result.offered} closed, ${result.failures} failures, ${result.completedPerS.toFixed(2)} completed/s ${passed ? 'pass' : 'FAIL'}`,
    );
    if (!passed) {
      await finishLeftovers(ctx, result, `the ${rate}/s step`, options.settleS);
      break;
    }
    passing.unshift(result);
  }
  const sustaining = options.sustainS > options.stepS && options.sustainAttempts > 0;
  const sustainAttempts: ThroughputResult['sustainAttempts'] = [];
  let sustained: DriveResult | undefined;
  const ceiling = passing[0]?.rate ?? 0;
  let rate = passing[0] && firstHoldRate(passing[0]);
  for (let attempt = 0; sustaining && rate !== undefined && attempt < options.sustainAttempts; attempt += 1) {
    // Each hold starts on a stack that has applied everything before it: the ladder's (or the failed
    // hold's) backlog is not this attempt's load.
    const recordedBefore = await lastOutboxSequence(ctx.db);
    if (await settle(ctx, unsettledAfter, options.settleS)) unsettledAfter = recordedBefore;
    else
      ctx.log(
        `the work before holding ${rate}/s was not all applied within ${options.settleS} s (${await caseTaskBacklog(ctx)} case workflow tasks waiting); holding anyway`,
      );
    const run = await driveCases({
      baseUrl: ctx.apiUrl,
      rate,
      durationS: options.sustainS,
      onSpotShare: options.onSpotShare,
      graceS: options.graceS,
    });
    lastRun = run;
    const passed = passes(run) && keptPace(run);
    sustainAttempts.push({ ...withoutIds(run), passed });
    const next = nextHoldRate(sustainAttempts, ceiling);
    ctx.log(
      `R3 sustained ${rate}/s for ${options.sustainS} s: ${run.closed}/${run.offered} closed, ${run.completedPerS.toFixed(2)} completed/s, the last ${holdTailS(run).toFixed(1)} s after the end of sending, ${run.failures} failures ${JSON.stringify(run.failureKinds)} ${passed ? 'pass' : 'FAIL'}; ${next === undefined ? 'the search is settled' : attempt + 1 < options.sustainAttempts ? `next ${next}/s` : `next would be ${next}/s, past the ${options.sustainAttempts} holds`}`,
    );
    if (passed && (sustained === undefined || rate > sustained.rate)) sustained = run;
    if (!passed) await finishLeftovers(ctx, run, `the ${rate}/s hold`, options.settleS);
    rate = next;
  }
  const chosen = sustaining ? sustained : passing[0];
  // R2 counts transitions of closed cases; it needs no passing step, only closed cases of each kind.
  const source = chosen ?? lastRun;
  const sample = async (ids: string[]) => {
    const picked = ids.slice(0, 10);
    await waitFor(
      async () => {
        for (const id of picked)
          if ((await ctx.temporal.workflow.getHandle(id).describe()).status.name !== 'COMPLETED')
            return undefined;
        return true;
      },
      { description: 'the sampled case workflows to complete', timeoutMs: 60_000 },
    );
    return mean(await inBatches(picked, 5, (id) => stateTransitions(ctx.temporal, id)));
  };
  const onSpot = source?.ids.onSpot.length ? await sample(source.ids.onSpot) : Number.NaN;
  const fullLoop = source?.ids.fullLoop.length ? await sample(source.ids.fullLoop) : Number.NaN;
  return {
    ladder,
    sustainAttempts,
    sustained: sustained ? withoutIds(sustained) : null,
    casesPerSecond: sustaining ? (sustained?.rate ?? 0) : (chosen?.completedPerS ?? 0),
    steadyBasisPerSecond:
      sustained?.rate ??
      chosen?.completedPerS ??
      sustainAttempts[sustainAttempts.length - 1]?.completedPerS ??
      passing[0]?.completedPerS ??
      0,
    onSpotShare: options.onSpotShare,
    transitions: {
      onSpot,
      fullLoop,
      perCase: options.onSpotShare * onSpot + (1 - options.onSpotShare) * fullLoop,
    },
  };
}

export interface SteadyLoadResult {
  /** 70 % of R3 (at least 0.5/s), held long enough for 20 cases at least (steadyPlan), or --part steady's --rate. */
  rate: number;
  durationS: number;
  offered: number;
  closed: number;
  failures: number;
  failureKinds: Record<string, number>;
  /** R4. */
  writes: LatencySummary;
  reads: LatencySummary;
  /** The driver's latencies by operation (reads by kind, writes by action). */
  byOperation: Record<string, LatencySummary>;
  readYourWrites: ReadYourWrites;
  /** The phase's CPU, from just before the first case to the moment everything they caused was applied. */
  cpu: CpuPhase;
  /** Whether everything the phase caused was published and applied by both consumers within the wait. */
  applied: boolean;
  /** Seconds from the driver's last answer until then. */
  applyTailS: number;
  /** R1's numerator: CPU of SYSTEM_PROCESSES ÷ cases offered. */
  cpuPerCaseMs: number | null;
  /** Every followed process's CPU ÷ cases offered (the driver and the idle bare worker included, apart). */
  cpuPerCaseByProcessMs: Record<string, number | null>;
  /** The phase's cases, and the outbox sequence before it (R7's lag is taken over these). */
  caseIds: string[];
  outboxSequenceBefore: number;
}

/**
 * The steady phase: the same mix held open loop at the plan's rate for its length (70 % of R3, at
 * least 0.5/s, and longer if that offers fewer than 20 cases: steadyPlan), after the stack has
 * finished the ladder's work (every outbox row published and applied by both consumers). R4 is the
 * p99 of its writes (POST) and reads (GET) as the client sees them; read-your-writes is counted on
 * it; and the CPU of every process is read before its first case and after the last event its cases
 * caused has been applied by reporting and notification: R1's CPU per case.
 */
export async function measureSteadyLoad(
  ctx: BenchContext,
  plan: { rate: number; durationS: number },
  onSpotShare: number,
  settleS: number,
): Promise<SteadyLoadResult> {
  const { rate, durationS: runS } = plan;
  if (!(await settle(ctx, 0, settleS)))
    ctx.log(`the ladder's work was not all applied within ${settleS} s; the steady phase starts anyway`);
  const outboxSequenceBefore = await lastOutboxSequence(ctx.db);
  const { result, cpu } = await ctx.cpu.measure(async () => {
    ctx.markSteadyPhase?.();
    const drive = await driveCases({ baseUrl: ctx.apiUrl, rate, durationS: runS, onSpotShare, graceS: 30 });
    const driven = performance.now();
    const applied = await settle(ctx, outboxSequenceBefore, settleS);
    ctx.markSteadyPhase?.();
    return { drive, applied, applyTailS: (performance.now() - driven) / 1000 };
  });
  const { drive } = result;
  const perCase = (ms: number | null) => (ms === null ? null : ms / drive.offered);
  return {
    rate,
    durationS: runS,
    offered: drive.offered,
    closed: drive.closed,
    failures: drive.failures,
    failureKinds: drive.failureKinds,
    writes: drive.writes,
    reads: drive.reads,
    byOperation: drive.byOperation,
    readYourWrites: drive.readYourWrites,
    cpu,
    applied: result.applied,
    applyTailS: result.applyTailS,
    cpuPerCaseMs: perCase(sumOf(cpu, SYSTEM_PROCESSES)),
    cpuPerCaseByProcessMs: Object.fromEntries(
      Object.entries(cpu.byProcess).map(([name, ms]) => [name, perCase(ms)]),
    ),
    caseIds: drive.raisedIds,
    outboxSequenceBefore,
  };
}

async function lastOutboxSequence(db: Database): Promise<number> {
  return (
    (await db.outboxEvent.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true } }))
      ?.sequence ?? 0
  );
}

/** The consumers every case event reaches; the work of a phase is done when both have applied it. */
const CONSUMERS = ['reporting', 'notification'] as const;

/**
 * Drives the cases a failed run left open to their end (finishCases), once the case queue's backlog
 * is worked off (up to `waitS`): the next hold starts with none of them open. A failed hold leaves
 * hundreds, each in every open-case query and in the worker's cache; after three failed holds in the
 * load part of 2026-12-07 (2,147 left open) a case cost 121 ms of CPU, 72.5 on a fresh stack.
 */
async function finishLeftovers(
  ctx: BenchContext,
  run: DriveResult,
  what: string,
  waitS: number,
): Promise<void> {
  const ids = leftoverIds(run);
  if (ids.length === 0) return;
  const began = performance.now();
  await waitFor(async () => ((await caseTaskBacklog(ctx)) === 0 ? true : undefined), {
    description: 'the case task queue worked off',
    timeoutMs: waitS * 1000,
    intervalMs: 500,
  }).catch(() =>
    ctx.log(`${what}: the case task queue was not worked off within ${waitS} s; finishing its cases anyway`),
  );
  const { finished, stillOpen } = await finishCases({ baseUrl: ctx.apiUrl, ids, concurrency: 8 });
  ctx.log(
    `${what} left ${ids.length} cases open: ${finished} driven to their end in ${((performance.now() - began) / 1000).toFixed(0)} s` +
      (stillOpen.length ? `, ${stillOpen.length} still open (${stillOpen.slice(0, 3).join(', ')}…)` : ''),
  );
}

/**
 * Waits (up to `waitS`) until every outbox row after `afterSequence` is published and applied by
 * every consumer; true if it got there.
 */
export async function settle(ctx: BenchContext, afterSequence: number, waitS: number): Promise<boolean> {
  return waitFor(
    async () =>
      (await outstanding(ctx.db, afterSequence)) === 0 && (await caseTaskBacklog(ctx)) === 0
        ? true
        : undefined,
    {
      description: 'every event published and applied, and no case workflow task waiting',
      timeoutMs: waitS * 1000,
      intervalMs: 200,
    },
  ).then(
    () => true,
    () => false,
  );
}

/**
 * Workflow tasks waiting in the case task queue's backlog (the server's approximate count). A load
 * the stack fell behind on leaves new cases' first tasks there; the next measurement must not
 * start behind them (its triages would wait for them, as they did in the load part of 2026-12-06).
 */
export async function caseTaskBacklog(ctx: BenchContext): Promise<number> {
  const { stats } = await ctx.temporal.workflowService.describeTaskQueue({
    namespace: ctx.temporal.options.namespace,
    taskQueue: { name: ctx.caseTaskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    reportStats: true,
  });
  return Number(stats?.approximateBacklogCount?.toString() ?? 0);
}

/** Outbox rows after `afterSequence` not yet published, plus (row, consumer) pairs not yet applied. */
async function outstanding(db: Database, afterSequence: number): Promise<number> {
  if ((await db.outboxEvent.count({ where: { sequence: { gt: afterSequence }, publishedAt: null } })) > 0)
    return 1;
  const rows = await db.outboxEvent.findMany({
    where: { sequence: { gt: afterSequence } },
    select: { eventId: true },
  });
  const ids = rows.map((r) => r.eventId);
  let missing = 0;
  for (const consumer of CONSUMERS)
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      missing +=
        chunk.length - (await db.processedEvent.count({ where: { consumer, eventId: { in: chunk } } }));
    }
  return missing;
}

// --- R5, R6 -------------------------------------------------------------------------------------

const dengfengSecretary: Actor = {
  id: 'dengfeng-secretary',
  role: 'village-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
};
const laifengTriage: Actor = { id: 'laifeng-secretary', role: 'town-triage', townId: 'laifeng' };

export interface PendingSetup {
  ids: string[];
  inFlight: number;
  seconds: number;
  perSecond: number;
  /** Updates asked again after an RPC timeout. */
  retried: number;
}

/**
 * Cases with a pending deadline: real case workflows (the worker's bundle, its recording
 * activities, the read model, the outbox and both consumers), started straight on Temporal (no
 * API: this is set-up, not measurement) under policy 2025.1, raised and triaged to the district in
 * one update-with-start (the start and the triage reach the workflow in the same task): each waits
 * on its claim window's first reminder, a working day away. They stay open while R5 and R6 run.
 * `inFlight` starts at once: the run passes the concurrency of B's best level, the server's ceiling.
 */
export async function startPendingCases(
  ctx: BenchContext,
  count: number,
  already: number,
  inFlight: number,
): Promise<PendingSetup> {
  const ids = Array.from({ length: count }, (_, i) => `bench-pending-${ctx.runId}-${already + i}`);
  let done = 0;
  let retried = 0;
  const began = performance.now();
  await inBatches(ids, inFlight, async (caseId) => {
    const input: CaseWorkflowInput = {
      caseId,
      raise: {
        type: 'raiseCase',
        caseId,
        actor: dengfengSecretary,
        policyVersion: '2025.1',
        ...raiseBody(false),
        complexity: 'simple',
        channel: 'meeting',
      },
    };
    // A busy worker may answer an update after the RPC's deadline; asking again is safe: the same
    // update ID on the same workflow is applied once (and a started workflow is reused).
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ctx.temporal.workflow.executeUpdateWithStart(triageCaseUpdate, {
          updateId: `${caseId}-triage`,
          args: [{ type: 'triageCase', actor: laifengTriage, route: 'district' }],
          startWorkflowOperation: new WithStartWorkflowOperation(caseWorkflowType, {
            workflowId: caseId,
            taskQueue: ctx.caseTaskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        break;
      } catch (error) {
        if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt >= 5) throw error;
        retried += 1;
      }
    }
    done += 1;
    if (done % 1000 === 0) {
      const perS = done / ((performance.now() - began) / 1000);
      const etaS = (count - done) / perS;
      const store = mib(await ctx.temporalStoreBytes());
      ctx.log(
        `pending deadlines: ${already + done}/${already + count} (${perS.toFixed(1)}/s, about ${Math.ceil(etaS / 60)} min to go; ${retried} updates asked again after an RPC timeout; Temporal store ${store})`,
      );
    }
  });
  const seconds = (performance.now() - began) / 1000;
  return { ids, inFlight, seconds, perSecond: count / Math.max(seconds, 1e-9), retried };
}

export interface LatenessResult {
  pending: number;
  /** How the pending cases of this level (the ones added to the level before) were set up. */
  setup: Omit<PendingSetup, 'ids'> & { added: number };
  probes: number;
  deadlinesFired: number;
  latenessMs: LatencySummary;
}

/**
 * R5: with `pending` deadlines waiting, probe cases under the demo policy are raised and triaged to
 * the district through the API at `probeRate` for `probeS`; their reminders and claim windows fall
 * due seconds later. Lateness of each = the time its events were committed (`recordedAt` of
 * its timeline entry, written in the recording transaction) − its due instant (deadline events are dated at it).
 */
export async function measureLateness(
  ctx: BenchContext,
  pending: number,
  setup: LatenessResult['setup'],
  probeRate: number,
  probeS: number,
): Promise<LatenessResult> {
  const api = new ApiClient(ctx.apiUrl);
  const probes = await raiseAndTriage(api, Math.max(1, Math.round(probeRate * probeS)), probeRate);
  const lastDue = Math.max(...probes.map((p) => p.claimDueMs));
  // Let the claim windows fall due and be recorded (plus the step of escalation they start).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now()) + 5_000));
  const fired = await firedDeadlines(
    ctx.db,
    probes.map((p) => p.id),
  );
  await terminate(
    ctx,
    probes.map((p) => p.id),
  );
  return {
    pending,
    setup,
    probes: probes.length,
    deadlinesFired: fired.length,
    latenessMs: summarise(fired.map((f) => f.committedMs - f.dueMs)),
  };
}

async function raiseAndTriage(api: ApiClient, count: number, rate: number, concurrency = 0) {
  const made: { id: string; claimDueMs: number }[] = [];
  const one = async () => {
    const raised = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(false));
    if (raised.status !== 201) throw new Error(`raising a probe case answered ${raised.status}`);
    const id = raised.body.id as string;
    for (let attempt = 0; ; attempt += 1) {
      const triaged = await api.post(loopPeople.triage, `/cases/${id}/actions/triageCase`, 'triageCase', {
        route: 'district',
      });
      if (triaged.status === 200) {
        const claim = (triaged.body.view.deadlines as { kind: string; dueAt: string }[]).find(
          (d) => d.kind === 'claimWindow',
        );
        made.push({ id, claimDueMs: Date.parse(claim!.dueAt) });
        return;
      }
      if (triaged.status !== 404 || attempt > 10)
        throw new Error(`triage of a probe case answered ${triaged.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  };
  if (concurrency > 0) await inBatches(Array.from({ length: count }), concurrency, one);
  else {
    const all: Promise<void>[] = [];
    for (let i = 0; i < count; i += 1) {
      all.push(one());
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await Promise.all(all);
  }
  return made;
}

export interface StormResult {
  deadlines: number;
  /** Distinct due instants the storm's claim windows fell on. */
  dueInstants: number;
  /** A working day on the storm cases' clock (storm-clock.ts). */
  dayMs: number;
  casesDrainS: number;
  bareDrainS: number;
  ratio: number;
  caseLatenessMs: LatencySummary;
  bareLatenessMs: LatencySummary;
}

/**
 * R6: `count` cases are raised under a policy of the storm's own (storm-clock.ts: a working day of
 * `stormDayMs(count)`, a claim window of one day, no reminders), then, from just after one of its
 * day boundaries, all triaged to the district in one burst, so that their claim windows fall due
 * together at the end of the next day: one instant, two if the burst outlasts the day. Drain = the
 * latest commit of a claim-window breach − its due instant. The baseline runs in the same storm,
 * under the same load: as each triage answers, a bare sleeping workflow is started on the bare
 * worker's queue, waking at that case's claim-window instant and then running one no-op activity;
 * its drain is the latest (activity completion − wake instant). R6 = case drain ÷ bare drain.
 */
export async function measureStorm(ctx: BenchContext, count: number): Promise<StormResult> {
  // The storm's policy is published as a version of its own (never in force: its effective date is
  // far off) and pinned by an API instance of its own; the run's other cases keep the demo clock.
  const dayMs = stormDayMs(count);
  const version = `bench-storm-${ctx.runId}`;
  const policy = stormPolicy(version, dayMs);
  const policies = new CasePolicyRepository(ctx.db);
  await policies.createDraft({ policy, basedOn: 'demo-compressed', by: 'bench' });
  await policies.publish(version, {
    policy,
    name: 'escalation storm',
    reason: 'R6: claim windows that fall due together',
    effectiveAt: new Date('2100-01-01T00:00:00Z'),
    by: 'bench',
  });
  ctx.log(`R6: starting an API that pins ${version} (a working day of ${dayMs / 1000} s)…`);
  const stormApi = await ctx.startCaseApi({ CASE_POLICY_VERSION: version });
  const api = new ApiClient(stormApi.url);
  for (const person of Object.values(loopPeople)) await api.token(person);
  const raisedIds: string[] = [];
  await inBatches(Array.from({ length: count }), 16, async () => {
    const raised = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(false));
    if (raised.status !== 201) throw new Error(`raising a storm case answered ${raised.status}`);
    raisedIds.push(raised.body.id as string);
    if (raisedIds.length % 1000 === 0) ctx.log(`storm cases raised: ${raisedIds.length}/${count}`);
  });
  // Let the read model catch up before the burst, so that no triage waits on it.
  await waitSayingProgress(
    ctx,
    async () => {
      const recorded = await ctx.db.case.count({ where: { id: { in: raisedIds } } });
      return { done: recorded === raisedIds.length, progress: `${recorded}/${raisedIds.length}` };
    },
    {
      description: 'the storm cases in the read model',
      timeoutMs: Math.max(120_000, count * 200),
      intervalMs: 1_000,
    },
  );
  // And for their workflows' first tasks: a triage waits for its case's first task, and 10,000 starts
  // queue theirs faster than the server hands them out (7,250 waiting, taken at 4–6/s, in the load
  // part of 2026-12-06 08:23, whose storm stopped on a triage unanswered in 30 s).
  await waitSayingProgress(
    ctx,
    async () => {
      const waiting = await caseTaskBacklog(ctx);
      return { done: waiting === 0, progress: `${waiting} still waiting` };
    },
    {
      description: "the storm cases' first workflow tasks",
      timeoutMs: Math.max(120_000, count * 200),
      intervalMs: 1_000,
    },
  );
  const burstStart = stormBurstStart(new Date(), dayMs).getTime();
  ctx.log(
    `R6: waiting ${((burstStart - Date.now()) / 1000).toFixed(0)} s for the storm clock's next day to begin…`,
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, burstStart - Date.now())));
  const storm: { id: string; dueMs: number }[] = [];
  const sleepers: { id: string; wakeAtMs: number }[] = [];
  const sleeperStarts: Promise<unknown>[] = [];
  await inBatches(raisedIds, 32, async (id) => {
    const triaged = await api.post(loopPeople.triage, `/cases/${id}/actions/triageCase`, 'triageCase', {
      route: 'district',
    });
    if (triaged.status !== 200) throw new Error(`triage of a storm case answered ${triaged.status}`);
    const claim = (triaged.body.view.deadlines as { kind: string; dueAt: string }[]).find(
      (d) => d.kind === 'claimWindow',
    );
    const dueMs = Date.parse(claim!.dueAt);
    storm.push({ id, dueMs });
    // Not awaited here: the burst keeps its pace, and the sleeper wakes with its case.
    const sleeper = { id: `bench-sleep-${ctx.runId}-${sleepers.length}`, wakeAtMs: dueMs };
    sleepers.push(sleeper);
    sleeperStarts.push(
      ctx.temporal.workflow.start('sleepingWorkflow', {
        taskQueue: ctx.bareTaskQueue,
        workflowId: sleeper.id,
        args: [sleeper.wakeAtMs],
      }),
    );
    if (storm.length % 1000 === 0) ctx.log(`storm cases triaged: ${storm.length}/${raisedIds.length}`);
  });
  await Promise.all(sleeperStarts);
  const burstS = (Date.now() - burstStart) / 1000;
  ctx.log(
    `R6: burst of ${storm.length} triages took ${burstS.toFixed(0)} s (${(storm.length / burstS).toFixed(1)}/s) of a ${dayMs / 1000} s day; their claim windows fall due on ${new Set(storm.map((s) => s.dueMs)).size} instant(s)`,
  );
  const lastDue = Math.max(...storm.map((s) => s.dueMs));
  ctx.log(
    `R6: waiting ${((lastDue - Date.now()) / 1000).toFixed(0)} s for the last claim window to fall due…`,
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now())));
  // From the last instant on, about three times the drain seen (10,000 in 841 s on 2026-12-06, the
  // dev server handing out ~8 tasks a second).
  await waitSayingProgress(
    ctx,
    async () => {
      const escalated = await ctx.db.case.count({
        where: { id: { in: storm.map((s) => s.id) }, escalationLevel: { gt: 0 } },
      });
      return { done: escalated === storm.length, progress: `${escalated}/${storm.length} recorded` };
    },
    {
      description: 'every storm claim window to be breached and recorded',
      timeoutMs: Math.max(600_000, storm.length * 250),
      intervalMs: 500,
    },
  );
  await inBatches(sleepers, 64, (s) => ctx.temporal.workflow.getHandle(s.id).result());
  const dueById = new Map(storm.map((s) => [s.id, s.dueMs]));
  const fired = (
    await firedDeadlines(
      ctx.db,
      storm.map((s) => s.id),
    )
  ).filter((f) => f.dueMs === dueById.get(f.caseId));
  const caseLateness = fired.map((f) => f.committedMs - f.dueMs);
  const bareDoneMs = await inBatches(sleepers, 8, (s) => bareCompletedAt(ctx.temporal, s.id));
  const bareLateness = bareDoneMs.map((doneMs, i) => (doneMs ?? Number.NaN) - sleepers[i]!.wakeAtMs);
  const committedById = new Map(fired.map((f) => [f.caseId, f.committedMs]));
  await logWhereTheStormWasLate(
    ctx,
    storm.map(({ id, dueMs }) => ({ id, dueMs, doneMs: committedById.get(id) })),
    sleepers.map(({ id, wakeAtMs }, i) => ({ id, dueMs: wakeAtMs, doneMs: bareDoneMs[i] })),
  );
  await terminate(
    ctx,
    storm.map((s) => s.id),
  );
  const casesDrainS = Math.max(...caseLateness) / 1000;
  const bareDrainS = Math.max(...bareLateness) / 1000;
  return {
    deadlines: storm.length,
    dueInstants: new Set(storm.map((s) => s.dueMs)).size,
    dayMs,
    casesDrainS,
    bareDrainS,
    ratio: casesDrainS / bareDrainS,
    caseLatenessMs: summarise(caseLateness),
    bareLatenessMs: summarise(bareLateness),
  };
}

/**
 * waitFor for the storm's long waits (minutes at 10,000), logging `<description>: <progress>` every
 * 30 s meanwhile, so that a wait that ends in a timeout has said how far it got.
 */
async function waitSayingProgress(
  ctx: BenchContext,
  probe: () => Promise<{ done: boolean; progress: string }>,
  options: WaitOptions,
): Promise<void> {
  let lastReport = performance.now();
  await waitFor(async () => {
    const { done, progress } = await probe();
    if (done) return true;
    if (performance.now() - lastReport > 30_000) {
      ctx.log(`${options.description}: ${progress}`);
      lastReport = performance.now();
    }
    return undefined;
  }, options);
}

/**
 * Splits each side's lateness (up to 200 of each, from their histories): timer set late (the task
 * that set it, in the worker), fired late (the server), and from firing to the commit (cases) or to
 * the no-op activity's completion (sleepers).
 */
async function logWhereTheStormWasLate(
  ctx: BenchContext,
  cases: readonly StormSide[],
  sleepers: readonly StormSide[],
): Promise<void> {
  const split = async (side: readonly StormSide[]) => {
    const rows = (
      await inBatches(side.slice(0, 200), 8, async ({ id, dueMs, doneMs }) => {
        const timing = await timerTiming(ctx.temporal, id, dueMs);
        return timing && doneMs !== undefined
          ? { ...timing, afterFiringMs: doneMs - timing.firedMs }
          : undefined;
      })
    ).filter((r) => r !== undefined);
    const describe = (values: number[]) => {
      const { p50, max } = summarise(values);
      return `p50 ${p50?.toFixed(0) ?? 'n/a'} / max ${max?.toFixed(0) ?? 'n/a'} ms`;
    };
    return `set late ${describe(rows.map((r) => r.setLateMs))}, fired late ${describe(rows.map((r) => r.firedLateMs))}, firing to done ${describe(rows.map((r) => r.afterFiringMs))} (${rows.length})`;
  };
  ctx.log(`R6 cases: ${await split(cases)}`);
  ctx.log(`R6 bare sleepers: ${await split(sleepers)}`);
}

/** One workflow of the storm: when it was due, and when its commit (case) or no-op activity (sleeper) was done. */
interface StormSide {
  id: string;
  dueMs: number;
  doneMs: number | undefined;
}

async function terminate(ctx: BenchContext, ids: string[]): Promise<void> {
  await inBatches(ids, 16, (id) =>
    ctx.temporal.workflow
      .getHandle(id)
      .terminate('benchmark measured')
      .catch(() => undefined),
  );
}

// --- R7 -----------------------------------------------------------------------------------------

export interface EventLagResult {
  events: number;
  notYetApplied: number;
  lagMs: LatencySummary;
}

/**
 * R7 lag at R4's load: for every event of the steady phase's cases (outbox rows after
 * `afterSequence` whose case is one of `caseIds`) not caused by a timer (those are dated at their
 * deadline, not when written), reporting's commit (ProcessedEvent.processedAt, written in the same
 * transaction as its effect) − the event's instant (OutboxEvent.occurredAt, decided just before the
 * outbox row is written). The steady phase has already waited for reporting to apply them.
 */
export async function measureEventLag(
  ctx: BenchContext,
  phase: { caseIds: readonly string[]; afterSequence: number },
): Promise<EventLagResult> {
  const cases = new Set(phase.caseIds);
  const outbox = (
    await ctx.db.outboxEvent.findMany({
      where: { sequence: { gt: phase.afterSequence } },
      select: { eventId: true, occurredAt: true },
    })
  ).filter((row) => cases.has(row.eventId.slice(0, row.eventId.lastIndexOf('/'))));
  const timerCaused = new Set<string>();
  const applied = new Map<string, Date>();
  const eventIds = outbox.map((row) => row.eventId);
  for (let i = 0; i < eventIds.length; i += 500) {
    const chunk = eventIds.slice(i, i + 500);
    for (const t of await ctx.db.caseTimelineEntry.findMany({
      where: { eventId: { in: chunk }, deadlineId: { not: null } },
      select: { eventId: true },
    }))
      timerCaused.add(t.eventId);
    for (const p of await ctx.db.processedEvent.findMany({
      where: { consumer: 'reporting', eventId: { in: chunk } },
      select: { eventId: true, processedAt: true },
    }))
      applied.set(p.eventId, p.processedAt);
  }
  const lags: number[] = [];
  let missing = 0;
  for (const row of outbox) {
    if (timerCaused.has(row.eventId)) continue;
    const at = applied.get(row.eventId);
    if (!at) missing += 1;
    else lags.push(at.getTime() - row.occurredAt.getTime());
  }
  return { events: lags.length, notYetApplied: missing, lagMs: summarise(lags) };
}

export interface OutageResult {
  outageS: number;
  raisedDuringOutage: number;
  refusedDuringOutage: number;
  backlogAtReturn: number;
  /** From the broker answering again to every event published and applied by reporting. */
  drainS: number | null;
}

/**
 * R7 outage: on-spot cases keep being raised at `rate` while the stack's own broker is stopped for
 * `outageS`; then it starts again and the time until the outbox is empty and reporting has applied
 * every event is the drain time.
 */
export async function measureOutage(
  ctx: BenchContext,
  broker: { stop(): Promise<void>; start(): Promise<void> },
  options: { outageS: number; rate: number; drainLimitS: number },
): Promise<OutageResult> {
  const api = new ApiClient(ctx.apiUrl);
  await api.token(loopPeople.secretary);
  let raising = true;
  let raised = 0;
  let refused = 0;
  const raiser = (async () => {
    while (raising) {
      const answer = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(true));
      if (answer.status === 201) raised += 1;
      else refused += 1;
      await new Promise((resolve) => setTimeout(resolve, 1000 / options.rate));
    }
  })();
  await broker.stop();
  await new Promise((resolve) => setTimeout(resolve, options.outageS * 1000));
  const raisedDuringOutage = raised;
  const refusedDuringOutage = refused;
  raising = false;
  await raiser;
  const backlogAtReturn = await ctx.db.outboxEvent.count({ where: { publishedAt: null } });
  await broker.start();
  const back = performance.now();
  let drainS: number | null = null;
  try {
    await waitFor(
      async () => {
        if ((await ctx.db.outboxEvent.count({ where: { publishedAt: null } })) > 0) return undefined;
        return (await unappliedByReporting(ctx.db)) === 0 ? true : undefined;
      },
      {
        description: 'the backlog to clear after the outage',
        timeoutMs: options.drainLimitS * 1000,
        intervalMs: 250,
      },
    );
    drainS = (performance.now() - back) / 1000;
  } catch {
    drainS = null;
  }
  return { outageS: options.outageS, raisedDuringOutage, refusedDuringOutage, backlogAtReturn, drainS };
}

/** Events in the outbox that reporting has not applied (recorded in ProcessedEvent) yet. */
export async function unappliedByReporting(db: Database): Promise<number> {
  const outbox = await db.outboxEvent.findMany({ select: { eventId: true } });
  const applied = await db.processedEvent.findMany({
    where: { consumer: 'reporting' },
    select: { eventId: true },
  });
  const seen = new Set(applied.map((a) => a.eventId));
  return outbox.filter((o) => !seen.has(o.eventId)).length;
}

// --- memory -------------------------------------------------------------------------------------

/** Resident set size of each service process now, from /proc (Linux). */
/** The bytes of these files together; one that does not exist counts nothing. */
export function filesBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}

export function residentSetSizes(services: ServiceProcess[]): Record<string, number | null> {
  return Object.fromEntries(
    services.map((s) => {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.pid}/status`, 'utf8'));
        return [s.name, match ? Number(match[1]) * 1024 : null];
      } catch {
        return [s.name, null];
      }
    }),
  );
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}
