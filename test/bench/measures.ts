import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { caseWorkflowType, triageCaseUpdate, type CaseWorkflowInput } from '@bishan/contracts';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { waitFor, type ServiceProcess } from '@bishan/testing';
import { ApiClient } from '../simulator/api-client';
import { summarise, type LatencySummary } from '../simulator/latency';
import { startBareWorker } from './bare-worker';
import { driveCases, loopPeople, raiseBody, type DriveResult } from './case-driver';
import { bareCompletedAt, firedDeadlines, inBatches, stateTransitions } from './history';

export interface BenchContext {
  temporal: Client;
  temporalAddress: string;
  caseTaskQueue: string;
  apiUrl: string;
  db: Database;
  services: ServiceProcess[];
  log: (line: string) => void;
  runId: string;
}

// --- B: the ceiling ------------------------------------------------------------------------------

export interface BaselineResult {
  workflows: number;
  concurrency: number;
  elapsedS: number;
  perSecond: number;
  transitionsPerWorkflow: number;
}

/**
 * B: bare workflows (one no-op activity) started with `concurrency` starts in flight, on their
 * own task queue of the same server, with a worker in this process. B = workflows ÷ time from the
 * first start to the last completion. State transitions: DescribeWorkflowExecution of a sample.
 */
export async function measureBaseline(
  ctx: BenchContext,
  workflows: number,
  concurrency: number,
): Promise<BaselineResult> {
  const taskQueue = `bench-bare-${ctx.runId}`;
  const worker = await startBareWorker(ctx.temporalAddress, taskQueue);
  try {
    // Warm-up: the first workflows pay for the bundle's first load and the queue's creation.
    await inBatches(Array.from({ length: Math.min(20, workflows) }), 10, async () =>
      ctx.temporal.workflow.execute('bareWorkflow', { taskQueue, workflowId: `bench-warm-${randomUUID()}` }),
    );
    const ids = Array.from({ length: workflows }, (_, i) => `bench-bare-${ctx.runId}-${i}`);
    const began = performance.now();
    // All started as fast as `concurrency` starts in flight allow, then all awaited: the server and
    // the worker, not the round trip of one workflow, set the pace.
    const handles = await inBatches(ids, concurrency, (workflowId) =>
      ctx.temporal.workflow.start('bareWorkflow', { taskQueue, workflowId }),
    );
    await inBatches(handles, 200, (handle) => handle.result());
    const elapsedS = (performance.now() - began) / 1000;
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 10)) === 0).slice(0, 10);
    const transitions = await inBatches(sample, 5, (id) => stateTransitions(ctx.temporal, id));
    return {
      workflows,
      concurrency,
      elapsedS,
      perSecond: workflows / elapsedS,
      transitionsPerWorkflow: mean(transitions),
    };
  } finally {
    await worker.stop();
  }
}

// --- R3, R2, R4 ---------------------------------------------------------------------------------

export interface ThroughputResult {
  ladder: (Omit<DriveResult, 'ids'> & { passed: boolean })[];
  /** Full run: each rate tried for `sustainS`, highest first, until one held. */
  sustainAttempts: (Omit<DriveResult, 'ids'> & { passed: boolean })[];
  /** The attempt that held, if any. */
  sustained: Omit<DriveResult, 'ids'> | null;
  /** R3: completed cases per second of the run that held (the best ladder step in a quick run); 0 if none. */
  casesPerSecond: number;
  onSpotShare: number;
  transitions: { onSpot: number; fullLoop: number; perCase: number };
}

// Keeping up: completions within 80 % of the offered rate (a backlog that grows is not sustained).
const passes = (r: DriveResult) =>
  r.failures === 0 &&
  r.closed === r.offered &&
  (r.sendLagMs.p99 ?? 0) < 500 &&
  r.completedPerS >= 0.8 * r.rate;
const withoutIds = ({ ids: _ids, ...rest }: DriveResult) => rest;

/**
 * R3: open-loop steps up a ladder of rates (each `stepS` long); a step passes with zero failures,
 * every case closed within the grace time, completions keeping up (≥ 80 % of the offered rate)
 * and the generator on schedule (send lag p99 < 0.5 s).
 * In a full run the highest passing rate is then held for `sustainS` (10 minutes); if that fails,
 * the next passing rate down is tried, up to `sustainAttempts` rates. R3 is the completed cases per
 * second of the run that held — 0 if none did. A quick run (no sustain) takes the best ladder step.
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
  },
): Promise<ThroughputResult> {
  const ladder: ThroughputResult['ladder'] = [];
  const passing: DriveResult[] = [];
  let lastRun: DriveResult | undefined;
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
    if (!passed) break;
    passing.unshift(result);
  }
  const sustaining = options.sustainS > options.stepS;
  const sustainAttempts: ThroughputResult['sustainAttempts'] = [];
  let sustained: DriveResult | undefined;
  for (const step of sustaining ? passing.slice(0, options.sustainAttempts) : []) {
    const run = await driveCases({
      baseUrl: ctx.apiUrl,
      rate: step.rate,
      durationS: options.sustainS,
      onSpotShare: options.onSpotShare,
      graceS: options.graceS,
    });
    lastRun = run;
    const passed = passes(run);
    sustainAttempts.push({ ...withoutIds(run), passed });
    ctx.log(
      `R3 sustained ${step.rate}/s for ${options.sustainS} s: ${run.closed}/${run.offered} closed, ${run.failures} failures ${JSON.stringify(run.failureKinds)} ${passed ? 'pass' : 'FAIL'}`,
    );
    if (passed) {
      sustained = run;
      break;
    }
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
    casesPerSecond: chosen ? chosen.completedPerS : 0,
    onSpotShare: options.onSpotShare,
    transitions: {
      onSpot,
      fullLoop,
      perCase: options.onSpotShare * onSpot + (1 - options.onSpotShare) * fullLoop,
    },
  };
}

export interface LatencyResult {
  rate: number;
  durationS: number;
  failures: number;
  writes: LatencySummary;
  reads: LatencySummary;
}

/** R4: the same mix held at 70 % of R3; p99 of writes (POST) and reads (GET) as the client sees them. */
export async function measureLatency(
  ctx: BenchContext,
  r3: number,
  durationS: number,
  onSpotShare: number,
): Promise<LatencyResult> {
  const rate = Math.max(0.5, 0.7 * r3);
  const result = await driveCases({ baseUrl: ctx.apiUrl, rate, durationS, onSpotShare, graceS: 30 });
  return { rate, durationS, failures: result.failures, writes: result.writes, reads: result.reads };
}

// --- R5, R6 -------------------------------------------------------------------------------------

const dengfengSecretary: Actor = {
  id: 'dengfeng-secretary',
  role: 'village-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
};
const laifengTriage: Actor = { id: 'laifeng-secretary', role: 'town-triage', townId: 'laifeng' };

/**
 * Cases with a pending deadline, started straight on Temporal (no API: this is set-up, not
 * measurement) under policy 2025.1, raised and triaged to the district in one update-with-start
 * (the start and the triage reach the workflow in the same task): each waits on its claim window's
 * first reminder, a working day away. They stay open while R5 and R6 run.
 */
export async function startPendingCases(
  ctx: BenchContext,
  count: number,
  already: number,
  inFlight = 32,
): Promise<string[]> {
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
      ctx.log(
        `pending deadlines: ${already + done}/${already + count} (${perS.toFixed(1)}/s, about ${Math.ceil(etaS / 60)} min to go; ${retried} updates asked again after an RPC timeout)`,
      );
    }
  });
  return ids;
}

export interface LatenessResult {
  pending: number;
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
  casesDrainS: number;
  bareDrainS: number;
  ratio: number;
  caseLatenessMs: LatencySummary;
  bareLatenessMs: LatencySummary;
}

/**
 * R6: `count` cases are raised, then all triaged to the district in one burst, so their claim
 * windows fall due together (on as few instants as the burst allows: the demo clock's day
 * boundaries, 2 s apart). Drain = the latest commit of a claim-window breach − its due instant.
 * The baseline: as many bare sleeping workflows waking at the same instants (shifted to the future,
 * the same number on each), each running one no-op activity; its drain is measured the same way.
 */
export async function measureStorm(ctx: BenchContext, count: number): Promise<StormResult> {
  const api = new ApiClient(ctx.apiUrl);
  for (const person of Object.values(loopPeople)) await api.token(person);
  const raisedIds: string[] = [];
  await inBatches(Array.from({ length: count }), 16, async () => {
    const raised = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(false));
    if (raised.status !== 201) throw new Error(`raising a storm case answered ${raised.status}`);
    raisedIds.push(raised.body.id as string);
    if (raisedIds.length % 1000 === 0) ctx.log(`storm cases raised: ${raisedIds.length}/${count}`);
  });
  // Let the read model catch up before the burst, so that no triage waits on it. The API answers
  // before the worker records a case, so a large storm raised faster than the worker records
  // leaves a backlog: allow 5 recordings a second at least, and say how far it got.
  let lastReport = performance.now();
  await waitFor(
    async () => {
      const recorded = await ctx.db.case.count({ where: { id: { in: raisedIds } } });
      if (recorded === raisedIds.length) return true;
      if (performance.now() - lastReport > 30_000) {
        ctx.log(`storm cases in the read model: ${recorded}/${raisedIds.length}`);
        lastReport = performance.now();
      }
      return undefined;
    },
    {
      description: 'the storm cases in the read model',
      timeoutMs: Math.max(120_000, count * 200),
      intervalMs: 1_000,
    },
  );
  const storm: { id: string; dueMs: number }[] = [];
  await inBatches(raisedIds, 32, async (id) => {
    const triaged = await api.post(loopPeople.triage, `/cases/${id}/actions/triageCase`, 'triageCase', {
      route: 'district',
    });
    if (triaged.status !== 200) throw new Error(`triage of a storm case answered ${triaged.status}`);
    const claim = (triaged.body.view.deadlines as { kind: string; dueAt: string }[]).find(
      (d) => d.kind === 'claimWindow',
    );
    storm.push({ id, dueMs: Date.parse(claim!.dueAt) });
    if (storm.length % 1000 === 0) ctx.log(`storm cases triaged: ${storm.length}/${raisedIds.length}`);
  });
  const lastDue = Math.max(...storm.map((s) => s.dueMs));
  await waitFor(
    async () => {
      if (Date.now() < lastDue) return undefined;
      const escalated = await ctx.db.case.count({
        where: { id: { in: storm.map((s) => s.id) }, escalationLevel: { gt: 0 } },
      });
      return escalated === storm.length ? true : undefined;
    },
    {
      description: 'every storm claim window to be breached and recorded',
      timeoutMs: 600_000,
      intervalMs: 500,
    },
  );
  const dueById = new Map(storm.map((s) => [s.id, s.dueMs]));
  const caseLateness = (
    await firedDeadlines(
      ctx.db,
      storm.map((s) => s.id),
    )
  )
    .filter((f) => f.dueMs === dueById.get(f.caseId))
    .map((f) => f.committedMs - f.dueMs);
  await terminate(
    ctx,
    storm.map((s) => s.id),
  );

  // The same shape for bare sleeping workflows: same counts on the same relative instants.
  const firstDue = Math.min(...storm.map((s) => s.dueMs));
  const taskQueue = `bench-sleep-${ctx.runId}`;
  const worker = await startBareWorker(ctx.temporalAddress, taskQueue);
  const bareLateness: number[] = [];
  try {
    const shiftTo = Date.now() + 5_000 + count * 20; // time to start them all before the first wakes
    const sleepers = storm.map((s, i) => ({
      id: `bench-sleep-${ctx.runId}-${i}`,
      wakeAtMs: shiftTo + (s.dueMs - firstDue),
    }));
    await inBatches(sleepers, 32, (s) =>
      ctx.temporal.workflow.start('sleepingWorkflow', { taskQueue, workflowId: s.id, args: [s.wakeAtMs] }),
    );
    await inBatches(sleepers, 64, (s) => ctx.temporal.workflow.getHandle(s.id).result());
    const done = await inBatches(
      sleepers,
      8,
      async (s) => ((await bareCompletedAt(ctx.temporal, s.id)) ?? Number.NaN) - s.wakeAtMs,
    );
    bareLateness.push(...done);
  } finally {
    await worker.stop();
  }
  const casesDrainS = Math.max(...caseLateness) / 1000;
  const bareDrainS = Math.max(...bareLateness) / 1000;
  return {
    deadlines: storm.length,
    dueInstants: new Set(storm.map((s) => s.dueMs)).size,
    casesDrainS,
    bareDrainS,
    ratio: casesDrainS / bareDrainS,
    caseLatenessMs: summarise(caseLateness),
    bareLatenessMs: summarise(bareLateness),
  };
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
 * R7 lag: for every event in the outbox that was not caused by a timer (those are dated at their
 * deadline, not when written), reporting's commit (ProcessedEvent.processedAt, written in the same
 * transaction as its effect) − the event's instant (OutboxEvent.occurredAt, decided just before
 * the outbox row is written). Waits up to `waitS` for reporting to apply everything first.
 */
export async function measureEventLag(ctx: BenchContext, waitS: number): Promise<EventLagResult> {
  await waitFor(async () => ((await unappliedByReporting(ctx.db)) === 0 ? true : undefined), {
    description: 'reporting to apply every event',
    timeoutMs: waitS * 1000,
    intervalMs: 500,
  }).catch(() => undefined);
  const outbox = await ctx.db.outboxEvent.findMany({ select: { eventId: true, occurredAt: true } });
  const timerCaused = new Set(
    (
      await ctx.db.caseTimelineEntry.findMany({
        where: { deadlineId: { not: null } },
        select: { eventId: true },
      })
    ).map((t) => t.eventId),
  );
  const applied = new Map(
    (
      await ctx.db.processedEvent.findMany({
        where: { consumer: 'reporting' },
        select: { eventId: true, processedAt: true },
      })
    ).map((p) => [p.eventId, p.processedAt]),
  );
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
